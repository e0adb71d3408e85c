# A provider is an Organisation of kind "provider" (apcommission.tenancy). Its profile, compliance
# evidence, approved-list entries and QA visits will live here.
