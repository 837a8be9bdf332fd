"""UI strings of attached documents (上传材料): the lists, the upload forms and the kinds of document; merged into
``web.messages.MESSAGES``."""

DOCUMENT_MESSAGES: dict[str, dict[str, str]] = {
    "docs.heading": {"zh": "申请材料", "en": "Documents"},
    "docs.none": {"zh": "尚未上传材料。", "en": "No documents yet."},
    "docs.filename": {"zh": "文件名", "en": "File"},
    "docs.kind": {"zh": "材料类型", "en": "Kind"},
    "docs.size": {"zh": "大小", "en": "Size"},
    "docs.by": {"zh": "上传人", "en": "By"},
    "docs.at": {"zh": "时间", "en": "When"},
    "docs.download": {"zh": "下载", "en": "Download"},
    "docs.kb": {"zh": "{kb} KB", "en": "{kb} KB"},
    "docs.from_court": {"zh": "法院送达", "en": "Served by the court"},
    "docs.court_heading": {"zh": "法院送达的文书", "en": "The court's documents"},
    "docs.ruling_pdf": {"zh": "裁定书（PDF）", "en": "The ruling (PDF)"},
    "docs.upload_heading": {"zh": "上传材料", "en": "Attach a document"},
    "docs.upload_hint": {"zh": "PDF、JPEG 或 PNG 格式，单个文件不超过 10 MB，每件最多 3 份；"
                               "同一文件重复上传不会重复保存。",
                         "en": "PDF, JPEG or PNG, at most 10 MB each and 3 per case; the same file sent again "
                               "is kept once."},
    "docs.file": {"zh": "文件", "en": "File"},
    "docs.upload": {"zh": "上传", "en": "Upload"},
    "docs.uploaded": {"zh": "材料已上传。", "en": "The document is attached."},
    "rule.upload_refused": {"zh": "文件不符合要求：只接受非空的 PDF、JPEG 或 PNG 文件，不超过 10 MB，文件名不含路径，"
                                  "每件最多 3 份材料。",
                            "en": "The file was refused: only non-empty PDF, JPEG or PNG files of at most 10 MB, "
                                  "named without a path, and at most 3 per case."},
    # what a document is: the supplement catalogue (registry.kernel.codes.Supplement) and a court's kinds
    "doc_kind.id_document": {"zh": "身份证明", "en": "Identity document"},
    "doc_kind.contract": {"zh": "买卖合同", "en": "Sale contract"},
    "doc_kind.marriage_proof": {"zh": "婚姻状况证明", "en": "Marital status proof"},
    "doc_kind.household_register": {"zh": "户口簿", "en": "Household register"},
    "doc_kind.power_of_attorney": {"zh": "授权委托书", "en": "Power of attorney"},
    "doc_kind.loan_contract": {"zh": "借款合同", "en": "Loan contract"},
    "doc_kind.mortgage_contract": {"zh": "抵押合同", "en": "Mortgage contract"},
    "doc_kind.gift_contract": {"zh": "赠与合同（公证）", "en": "Deed of gift (notarised)"},
    "doc_kind.death_certificate": {"zh": "死亡证明", "en": "Death certificate"},
    "doc_kind.inheritance_proof": {"zh": "继承权公证书或判决书", "en": "Notarised inheritance deed or judgment"},
    "doc_kind.kinship_proof": {"zh": "亲属关系证明", "en": "Proof of kinship"},
    "doc_kind.business_licence": {"zh": "营业执照", "en": "Business licence"},
    "doc_kind.other": {"zh": "其他材料", "en": "Other"},
    "doc_kind.ruling": {"zh": "裁定书", "en": "Ruling"},
    "doc_kind.confirmation": {"zh": "拍卖成交确认书", "en": "Auction confirmation"},
    "doc_kind.assistance_notice": {"zh": "协助执行通知书", "en": "Assistance notice"},
}
