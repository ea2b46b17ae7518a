"""The starting lists of communication topics and forms (issue 10 §2, seeds
000 and 004). Coordinators edit them at /can-bo/ke-hoach/danh-muc/."""

from django.db import migrations

TOPICS = [
    # (code, name, kind)
    ("the-che", "Cải cách thể chế", "reform_area"),
    ("thu-tuc-hanh-chinh", "Cải cách thủ tục hành chính, cơ chế một cửa, một cửa liên thông", "reform_area"),
    ("to-chuc-bo-may", "Cải cách tổ chức bộ máy", "reform_area"),
    ("che-do-cong-vu", "Cải cách chế độ công vụ", "reform_area"),
    ("tai-chinh-cong", "Cải cách tài chính công", "reform_area"),
    ("chinh-phu-so", "Xây dựng và phát triển Chính phủ điện tử, Chính phủ số", "reform_area"),
    ("dich-vu-cong-truc-tuyen", "Dịch vụ công trực tuyến, Cổng Dịch vụ công Quốc gia", "other"),
    ("phan-anh-kien-nghi", "Tiếp nhận, xử lý phản ánh, kiến nghị; đường dây nóng", "other"),
    ("pci", "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)", "index"),
    ("par-index", "Chỉ số cải cách hành chính (PAR INDEX)", "index"),
    ("sipas", "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)", "index"),
    ("papi", "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh (PAPI)", "index"),
    ("ict-index", "Chỉ số sẵn sàng ứng dụng công nghệ thông tin (ICT Index)", "index"),
    ("dien-hinh", "Mô hình, sáng kiến, điển hình tiên tiến về cải cách hành chính", "other"),
]

FORMS = [
    ("tin-bai-website", "Tin, bài trên Trang thông tin điện tử"),
    ("to-roi", "Tờ rơi, tờ gấp"),
    ("pano-ap-phich", "Pa nô, áp phích, bảng tuyên truyền trực quan"),
    ("bang-ron", "Băng rôn, khẩu hiệu"),
    ("gap-mat-doi-thoai", "Gặp mặt, đối thoại"),
    ("hoi-nghi-hoi-thao", "Hội nghị, hội thảo (kể cả trực tuyến)"),
    ("tap-huan", "Tập huấn, bồi dưỡng"),
    ("hoi-thi", "Hội thi, cuộc thi"),
    ("bao-chi", "Báo chí, trả lời phỏng vấn"),
    ("phat-thanh-truyen-hinh", "Phát thanh, truyền hình"),
    ("video-clip", "Phóng sự, video clip"),
    ("tin-nhan-email", "Tin nhắn SMS, thư điện tử"),
    ("long-ghep-sinh-hoat", "Lồng ghép trong sinh hoạt chi bộ, giao ban, sinh hoạt chuyên môn"),
    ("khao-sat", "Khảo sát, nắm thông tin phản hồi"),
]


def load(apps, schema_editor):
    Topic = apps.get_model("plans", "Topic")
    CommunicationForm = apps.get_model("plans", "CommunicationForm")
    for order, (code, name, kind) in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "order": order})
    for order, (code, name) in enumerate(FORMS, start=1):
        CommunicationForm.objects.get_or_create(code=code, defaults={"name": name, "order": order})


def unload(apps, schema_editor):
    apps.get_model("plans", "Topic").objects.filter(code__in=[t[0] for t in TOPICS]).delete()
    apps.get_model("plans", "CommunicationForm").objects.filter(code__in=[f[0] for f in FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
