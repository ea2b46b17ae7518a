"""The editorial workflow in Vietnamese: editors draft and submit, content
approvers publish.

Wagtail's migrations create the groups "Editors" and "Moderators" and the
workflow "Moderators approval" on the root page. Here the groups get the
Vietnamese names ``org.actions`` syncs roles into (Editor → "Biên tập viên";
Approver and System administrator → "Người duyệt nội dung"), the workflow a
Vietnamese name and one task, ``UnitApprovalTask`` ("Lãnh đạo duyệt"),
which keeps approvers to their units when the website asks for it. Both
groups may manage news categories. Historical models only.
"""

from django.db import migrations

EDITORS = ("Editors", "Biên tập viên")
APPROVERS = ("Moderators", "Người duyệt nội dung")
WORKFLOW = ("Moderators approval", "Duyệt tin bài trước khi xuất bản")
TASK_NAME = "Lãnh đạo duyệt"
OLD_TASK_NAME = "Moderators approval"

CATEGORY_PERMISSIONS = {
    "add_newscategory": "Can add news category",
    "change_newscategory": "Can change news category",
    "delete_newscategory": "Can delete news category",
    "view_newscategory": "Can view news category",
}


def _rename_group(Group, old, new):
    group = Group.objects.filter(name=new).first() or Group.objects.filter(name=old).first()
    if group is None:
        group = Group.objects.create(name=new)
    elif group.name != new:
        group.name = new
        group.save(update_fields=["name"])
    return group


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    UnitApprovalTask = apps.get_model("cms", "UnitApprovalTask")

    editors = _rename_group(Group, *EDITORS)
    approvers = _rename_group(Group, *APPROVERS)

    # Permission rows are created after all migrations; make ours now.
    category_type, _ = ContentType.objects.get_or_create(app_label="cms", model="newscategory")
    permissions = {
        codename: Permission.objects.get_or_create(
            content_type=category_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in CATEGORY_PERMISSIONS.items()
    }
    editors.permissions.add(
        permissions["add_newscategory"],
        permissions["change_newscategory"],
        permissions["view_newscategory"],
    )
    approvers.permissions.add(*permissions.values())

    task_type, _ = ContentType.objects.get_or_create(app_label="cms", model="unitapprovaltask")
    task = UnitApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = UnitApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(approvers)

    workflow = (
        Workflow.objects.filter(name=WORKFLOW[1]).first()
        or Workflow.objects.filter(name=WORKFLOW[0]).first()
    )
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW[1], active=True)
    old_task_ids = list(
        WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).values_list(
            "task_id", flat=True
        )
    )
    WorkflowTask.objects.filter(workflow=workflow).exclude(task=task).delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    workflow.name = WORKFLOW[1]
    workflow.active = True
    workflow.save(update_fields=["name", "active"])
    # Wagtail's own task is no longer used: deleted, or disabled if it has history.
    for old in Task.objects.filter(pk__in=old_task_ids, name=OLD_TASK_NAME):
        if old.task_states.exists() or old.workflow_tasks.exists():
            Task.objects.filter(pk=old.pk).update(active=False)
        else:
            old.delete()

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is not None and not WorkflowPage.objects.filter(page=root).exists():
        WorkflowPage.objects.create(page=root, workflow=workflow)


def backwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    UnitApprovalTask = apps.get_model("cms", "UnitApprovalTask")

    editors = _rename_group(Group, EDITORS[1], EDITORS[0])
    approvers = _rename_group(Group, APPROVERS[1], APPROVERS[0])
    del editors
    workflow = Workflow.objects.filter(name=WORKFLOW[1]).first()
    if workflow is not None:
        WorkflowTask.objects.filter(workflow=workflow).delete()
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=OLD_TASK_NAME, content_type=task_type, active=True
        )
        task.groups.add(approvers)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
        workflow.name = WORKFLOW[0]
        workflow.save(update_fields=["name"])
    UnitApprovalTask.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_home_page_and_sections"),
        # Wagtail's migrations that look the groups up by their English names.
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0006_formstate"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
