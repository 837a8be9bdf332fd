"""Instant approval (秒批) of transfers: the rules' names and the registrar's view of their decision."""

INSTANT_MESSAGES: dict[str, dict[str, str]] = {
    "instant.heading": {"zh": "秒批规则核验", "en": "Instant approval checks"},
    "instant.registered_by_rule": {"zh": "各项规则均通过，已由规则自动登簿（秒批）。",
                                   "en": "Every rule passed: registered by rule (instant approval)."},
    "instant.referred": {"zh": "以下规则未通过或需人工判断，转登记员审核：",
                         "en": "These rules did not pass or need a person's judgement, so a registrar decides:"},
    "instant.not_checked": {"zh": "本件缴清前未经秒批规则核验。", "en": "The rules have not checked this case."},
    "instant.queue_reasons": {"zh": "转人工原因", "en": "Why a registrar"},
    "checkrule.instant_approval_on": {"zh": "本类业务已开启秒批", "en": "Instant approval is on for the case kind"},
    "checkrule.not_judicial": {"zh": "非司法裁定过户", "en": "Not a transfer by court ruling"},
    "checkrule.sellers_are_owners": {"zh": "出卖人即登记簿上的权利人", "en": "Sellers are the owners"},
    "checkrule.no_mortgage_on_the_unit": {"zh": "无现势抵押", "en": "No live mortgage"},
    "checkrule.taxes_released_by_rule": {"zh": "税费由规则确认（无需税务人员审核）",
                                         "en": "Taxes released by rule (no tax officer)"},
    "checkrule.payment_cleared": {"zh": "税费已缴清", "en": "Payment cleared"},
    "checkrule.documents_present": {"zh": "申请材料齐全", "en": "Documents present"},
    "checkrule.no_open_return": {"zh": "未退回补正", "en": "Not returned for supplement"},
    "checkrule.mandates_confirmed": {"zh": "代理人的委托已经委托人确认", "en": "Agents' mandates confirmed"},
    "checkrule.no_mortgage_parts": {"zh": "无带押过户的银行申报", "en": "No bank parts (transfer with mortgage)"},
}
