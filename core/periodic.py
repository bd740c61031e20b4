"""The periodic jobs `manage.py periodic` runs. Each app registers its own in AppConfig.ready,
so core never imports them:

    periodic.register(post_announce_due, every=30)   # seconds between runs
"""

_JOBS = {}


def register(job, *, every):
    """Run `job()` every `every` seconds (registering the same job again replaces its period)."""
    _JOBS[job] = every


def jobs():
    """[(job, seconds between runs)], in the order they were registered."""
    return list(_JOBS.items())


def names():
    """[("module.function", seconds)] of the registered jobs, for people and tests."""
    return [(f"{job.__module__}.{job.__qualname__}", every) for job, every in _JOBS.items()]
