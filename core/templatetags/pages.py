"""`{% pager page %}`: the pager under a list (a Django Page), keeping the page's other query
parameters. A page with two lists names its own parameter: `{% pager soon param="soon_page" %}`."""

from django import template

register = template.Library()


@register.inclusion_tag("core/_pager.html", takes_context=True)
def pager(context, page, param: str = "page"):
    request = context.get("request")
    query = request.GET.copy() if request is not None else None

    def link(number: int) -> str:
        if query is None:
            return f"?{param}={number}"
        query[param] = str(number)
        return "?" + query.urlencode()

    return {
        "page": page,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
        "param": param,
    }
