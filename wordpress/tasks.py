"""The admin's WordPress import, run by the task worker (`manage.py carnet_worker`)."""

from django_tasks import task


@task()
def import_wordpress(run_id):
    from .runs import import_run_execute

    import_run_execute(run_id=run_id)
