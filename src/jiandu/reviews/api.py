from ninja import Router

router = Router(tags=["案卷评查与回访"])
