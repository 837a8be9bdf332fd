"""UI strings, key → {zh, en}. The Chinese wording of each domain rule (English shows the domain's own message)."""

RULE_MESSAGES: dict[str, dict[str, str]] = {
    "rule.case_not_pending": {"zh": "此办件已不在待审核状态（可能已被他人处理）。请刷新页面查看最新状态。",
                              "en": "The case is no longer pending review; reload the page to see its state."},
    "rule.concurrent_update": {"zh": "他人同时修改了此记录。请刷新页面后重试。",
                               "en": "Someone else changed this record at the same time; reload and try again."},
    "rule.case_not_withdrawable": {"zh": "此办件已办结，不能再撤回。请刷新页面查看最新状态。",
                                   "en": "The case is closed and can no longer be withdrawn; reload the page."},
    "rule.case_already_exists": {"zh": "该单元与合同编号的办件已提交过，请勿重复申请。",
                                 "en": "A case for this unit and contract number was already filed."},
    "rule.unknown_unit": {"zh": "登记簿中没有这个不动产单元。", "en": "There is no such unit in the register."},
    "rule.unknown_case": {"zh": "没有这个办件。", "en": "No such case."},
    "rule.sellers_must_be_owners": {"zh": "转让方必须与登记簿上的现权利人完全一致。",
                                    "en": "The sellers must be exactly the unit's current owners."},
    "rule.shares_must_sum_to_one": {"zh": "受让方份额合计必须为 1。", "en": "The buyers' shares must add up to 1."},
    "rule.unit_locked": {"zh": "该单元已被查封或限制，不能办理转移、抵押或变更。",
                         "en": "The unit is seized or restricted: no transfer, mortgage or change."},
    "rule.filer_must_be_party": {"zh": "只有转让方或受让方本人，或持其授权委托书的代理人，可以提交申请。",
                                 "en": "Only a seller or a buyer, or their agent under a mandate, may file."},
    "rule.reason_required": {"zh": "驳回必须填写理由。", "en": "A rejection needs a reason."},
    "rule.reload_hint": {"zh": "请刷新页面查看最新状态。", "en": "Reload the page to see the current state."},
}
