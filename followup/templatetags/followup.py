from django import template

from followup import texts

register = template.Library()


@register.filter
def reason_text(key):
    return texts.reason_text(key)


@register.filter
def trigger_text(code):
    return texts.trigger_text(code)


@register.filter
def alert_reason(pair):
    return texts.reason_text(pair[1])
