"""UI strings, key → {zh, en}. The register-book pages: unit search and one unit's page."""

UNIT_MESSAGES: dict[str, dict[str, str]] = {
    "unit.title": {"zh": "不动产登记簿", "en": "Register book"},
    "unit.search": {"zh": "查询", "en": "Search"},
    "unit.search_hint": {"zh": "单元号开头或坐落关键词", "en": "Start of the unit number, or words of the location"},
    "unit.no_results": {"zh": "没有找到符合条件的不动产单元。", "en": "No unit matches."},
    "unit.right_nature": {"zh": "权利性质", "en": "Right nature"},
    "unit.term": {"zh": "使用期限", "en": "Term"},
    "unit.owners": {"zh": "权利人", "en": "Owners"},
    "unit.locks": {"zh": "限制状态", "en": "Restrictions"},
    "unit.objections": {"zh": "异议登记", "en": "Objections"},
    "unit.mortgages": {"zh": "抵押权（按顺位）", "en": "Mortgages (in rank order)"},
    "unit.no_mortgages": {"zh": "无抵押", "en": "No mortgage"},
    "unit.not_locked": {"zh": "无查封、无限制", "en": "No seizure or restriction"},
    "unit.locked": {"zh": "已限制", "en": "Locked"},
    "unit.lock_until": {"zh": "期限至", "en": "until"},
    "unit.version": {"zh": "版本", "en": "Version"},
    "unit.djlx": {"zh": "登记类型", "en": "Registration type (djlx)"},
    "unit.qllx": {"zh": "权利类型", "en": "Right type (qllx)"},
    "unit.cancelled": {"zh": "注销证书号", "en": "Cancelled number"},
}
