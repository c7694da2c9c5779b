from django.db import migrations

DOMAINS = [
    ("food", "食品"),
    ("agricultural_inputs", "农资"),
    ("special_equipment", "特种设备"),
    ("product_quality", "产品质量"),
    ("consumer_protection", "消费者权益保护"),
    ("intellectual_property", "知识产权"),
    ("standards", "标准"),
    ("metrology", "计量"),
    ("certification_testing", "认证认可与检验检测"),
    ("registration", "登记注册"),
    ("credit", "信用监管"),
    ("antitrust", "反垄断"),
    ("price", "价格"),
    ("unfair_competition", "反不正当竞争"),
    ("pyramid_selling", "打击传销"),
    ("online", "网监"),
    ("advertising", "广告"),
]


def seed(apps, schema_editor):
    Domain = apps.get_model("org", "Domain")
    for order, (code, name) in enumerate(DOMAINS, start=1):
        Domain.objects.update_or_create(code=code, defaults={"name": name, "order": order})


def unseed(apps, schema_editor):
    apps.get_model("org", "Domain").objects.filter(code__in=[c for c, _ in DOMAINS]).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
