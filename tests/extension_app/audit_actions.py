from audit import registry

ENROL = "enrol"

registry.register(ENROL, "Enrolled in the after-school class")
