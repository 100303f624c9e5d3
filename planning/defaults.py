"""The default planning assumptions, and where each number comes from.

Only two of them rest on published figures; the others are ASSUMPTIONS, chosen to be plausible
for a rural county and meant to be replaced by each county with its own (the assumptions page).
Nothing here was measured by Shouhu.

- Villages per supervisor, 14: DOMAIN.md §5, about 45,000 township supervisors (儿童督导员) for
  about 620,000 village CWDs (儿童主任), one per 村(居), in 2019 (Xinhua, China Daily): 13.8
  villages each. A published figure.
- At least one CWD per village and one supervisor per township: DOMAIN.md §4 (one 儿童主任 per
  村(居)民委员会, 专人专岗, MPL Art. 43; one 儿童督导员 named by each township). A rule, not a default.
- Minutes per visit (red 60, yellow 45, blue 40, green 30): ASSUMPTION. A home visit with the
  checklist of DOMAIN.md §9.1, longer where the child is at risk (talking with the caregiver and
  the child apart, a report or a referral to prepare).
- Travel, 60 minutes per village per month: ASSUMPTION. Walking between households of a village
  over the month's visits; a county sets more for scattered mountain villages (per-village values).
- Hours a CWD has for this work, 20 a month: ASSUMPTION. CWDs are part-time village cadres
  holding several posts (issue 16; DOMAIN.md §4), so about one day in a week, at most.
- Supervision, 4 hours per village per month; a supervisor has 80 hours a month: ASSUMPTION.
  One visit to each village a month with the checks of DOMAIN.md §2 W10; a township staff member
  who also has other duties (half of a 160-hour month).
- Target, 90 % of children visited on time: ASSUMPTION, a planning target, not a legal norm.
- Stipends, 300 yuan a month for a CWD and 500 for a supervisor: ASSUMPTION. Allowances for CWDs
  differ by province and many are paid none; a county enters what it pays.
"""

from .calc import Assumptions

DEFAULTS = Assumptions(
    minutes_red=60,
    minutes_yellow=45,
    minutes_blue=40,
    minutes_green=30,
    travel_minutes=60,
    cwd_hours=20,
    villages_per_supervisor=14,
    supervision_hours=4,
    supervisor_hours=80,
    target_percent=90,
    cwd_stipend=300,
    supervisor_stipend=500,
)

# Which defaults rest on a published figure (DOMAIN.md §5); every other is an assumption.
SOURCED = {"villages_per_supervisor"}
