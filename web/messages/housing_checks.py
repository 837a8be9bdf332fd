"""UI strings of the family-housing check's proof (家庭住房信息查询结果证明); merged into ``web.messages.MESSAGES``."""

HOUSING_CHECK_MESSAGES: dict[str, dict[str, str]] = {
    "proof.title": {"zh": "家庭住房信息查询结果证明", "en": "Family housing check result"},
    "proof.subtitle": {"zh": "Family housing check result", "en": "家庭住房信息查询结果证明"},
    "proof.link": {"zh": "家庭住房信息查询结果证明（可打印）", "en": "Family housing check result (printable)"},
    "proof.print": {"zh": "打印", "en": "Print"},
    "proof.back": {"zh": "返回案件", "en": "Back to the case"},
    "proof.registry": {"zh": "查询机构", "en": "Searched by"},
    "proof.case": {"zh": "案件编号", "en": "Case number"},
    "proof.unit": {"zh": "所购不动产", "en": "Unit being bought"},
    "proof.checked_at": {"zh": "查询时间", "en": "Searched at"},
    "proof.buyer": {"zh": "购房人", "en": "Buyer"},
    "proof.id_number": {"zh": "证件号码", "en": "ID number"},
    "proof.family": {"zh": "一并查询的家庭成员", "en": "Family members searched"},
    "proof.no_family": {"zh": "未申报配偶或未成年子女", "en": "No spouse or minor children declared"},
    "proof.units_counted": {"zh": "计入的住房", "en": "Homes counted"},
    "proof.no_units": {"zh": "登记簿中无该家庭名下住房", "en": "The register shows no home held by this family"},
    "proof.unit_number": {"zh": "不动产单元号", "en": "Unit number"},
    "proof.location": {"zh": "坐落", "en": "Location"},
    "proof.result": {"zh": "查询结果", "en": "Result"},
    "proof.result_note": {"zh": "（契税按此认定首套、二套住房）", "en": "(as the deed tax counts homes)"},
    "proof.statement": {"zh": "本证明依据{registry}不动产登记簿，于{at}查询购房人及其配偶、未成年子女名下"
                              "登记的住房而出具；仅反映该时点本登记机构登记簿所载信息。",
                        "en": "Issued from the register of {registry}, searched at {at} for the homes registered "
                              "to the buyer, the spouse and the minor children; it shows only what this registry's "
                              "register held at that time."},
}
