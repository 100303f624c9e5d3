"""What a merge keeps once one of its files is minimised (retention.registry): that the merge took
place, when, by whom and how many records moved; not the values before and after (names, ID
numbers, addresses), so such a merge can no longer be undone."""

from django.db.models import Q

from retention.registry import register

from .merge_models import ChildMerge


@register
def erase_merge_values(child_ids: list[int]) -> None:
    ChildMerge.objects.filter(Q(child_id__in=child_ids) | Q(dropped_id__in=child_ids)).update(
        changes={}, restore={}, source=""
    )
