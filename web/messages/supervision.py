"""UI strings of time-limit supervision and the inboxes; merged into ``web.messages.MESSAGES``.

The inbox keys are the ones ``projections.inbox`` records, worded when a message is shown; their parameters
are the message's own (``{certificate_number}``, ``{reason}``...)."""

SUPERVISION_MESSAGES: dict[str, dict[str, str]] = {
    "inbox.case_filed": {
        "zh": "您的转移登记申请已提交（不动产单元 {unit_number}），请按提示缴纳税费。",
        "en": "Your transfer application was filed (unit {unit_number}); pay the taxes and fees as shown.",
    },
    "inbox.case_paid": {
        "zh": "税费已缴清，申请已转登记员审核。",
        "en": "Taxes and fees are paid; the registrar reviews the case.",
    },
    "inbox.case_ready_for_review": {
        "zh": "有一件已缴清税费的转移登记待审核。",
        "en": "A transfer case with its taxes paid waits for review.",
    },
    "inbox.case_returned": {
        "zh": "登记员一次性告知需补正的材料，请补正后重新提交：{note}",
        "en": "The registrar lists what is missing; supply it and resubmit: {note}",
    },
    "inbox.case_resubmitted": {
        "zh": "一件补正后的申请已重新提交，待审核。",
        "en": "A case was resubmitted with what was missing and waits for review.",
    },
    "inbox.case_registered_buyer": {
        "zh": "登记已完成，不动产权证书号 {certificate_number}，可领取或下载电子证书。",
        "en": "Registered: certificate {certificate_number}; collect it or download the e-certificate.",
    },
    "inbox.case_registered_seller": {
        "zh": "您出售的房屋已完成转移登记，您无需领取证书。",
        "en": "The sale is registered; there is no certificate for you to collect.",
    },
    "inbox.case_rejected": {
        "zh": "申请未予登记：{reason}",
        "en": "The application was refused: {reason}",
    },
    "inbox.consent_needed": {
        "zh": "{bank_name} 申请办理抵押登记，需要您在线确认。",
        "en": "{bank_name} filed a mortgage that needs your confirmation online.",
    },
    "inbox.filing_registered": {
        "zh": "抵押登记已完成，登记证明已出具。",
        "en": "The mortgage is registered; its proof is issued.",
    },
    "inbox.filing_queued": {
        "zh": "一件抵押登记申请待登记员审核。",
        "en": "A mortgage filing waits for a registrar.",
    },
    "inbox.deadline_near": {
        "zh": "办件临近办理时限（{due_at}），请尽快办结。",
        "en": "A case is close to its time limit ({due_at}); finish it soon.",
    },
    "inbox.deadline_breached": {
        "zh": "办件已超过办理时限（{due_at}），已记录督办。",
        "en": "A case passed its time limit ({due_at}); the breach is recorded.",
    },
    "inbox.instruction": {
        "zh": "监察督办：{instruction}",
        "en": "Supervisor's instruction: {instruction}",
    },
    "inbox.bad_rating": {
        "zh": "收到一条差评（{stars} 星）：{comment}，请回访。",
        "en": "A bad rating ({stars} stars): {comment}; follow it up.",
    },
    "inbox.assessment_needs_officer": {
        "zh": "一件税费核定需要税务人员审核。",
        "en": "A tax assessment needs a tax officer.",
    },
}
