"""Date and number formats where Django's own are missing or wrong
(`FORMAT_MODULE_PATH`): Kazakh has none in Django, so its numbers lost their
grouping (31208) and its dates looked English («Қар. 15, 2025»).

The words of dates (month and weekday names) come from the catalogues; the
Kazakh ones Django ships are wrong in places and ours override them: see
`portal.formats.words`.
"""
