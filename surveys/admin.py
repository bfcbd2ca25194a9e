from django.contrib import admin

from .models import Option, Question, Survey


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["position", "text_ru", "text_kk", "channel", "rubric"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title_ru", "region", "opens_on", "closes_on"]
    list_filter = ["region"]
    search_fields = ["title_ru", "title_kk"]
    readonly_fields = ["code", "addresses_deleted_at", "post"]
    raw_id_fields = ["created_by"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text_ru", "survey", "kind", "position"]
    inlines = [OptionInline]
