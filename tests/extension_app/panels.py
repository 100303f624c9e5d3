from core import panels


@panels.register("child_profile", order=90)
def after_school(request, child):
    # The page got the child through children.access; the related manager stays on that child.
    enrolment = child.after_school_enrolments.first()
    if enrolment is None:
        return ""
    return panels.render_template("afterschool/_panel.html", {"enrolment": enrolment}, request)
