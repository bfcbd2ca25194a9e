"""The reach of a plan's post, drawn in its panel (`reach.apps`)."""

from django import template

from reach import posts

register = template.Library()


@register.inclusion_tag("reach/includes/post_reach.html")
def post_reach(post):
    """Each network's figures of the post's copies; nothing while none went out."""
    return {"post": post, "networks": posts.figures_of_posts([post.pk]).get(post.pk, [])}
