"""UI strings of the inbox page, the contacts and the email/SMS copies of inbox messages; merged into
``web.messages.MESSAGES``."""

NOTIFICATION_MESSAGES: dict[str, dict[str, str]] = {
    "nav.inbox": {"zh": "消息", "en": "Inbox"},
    "inbox_page.title": {"zh": "站内消息", "en": "Inbox"},
    "inbox_page.empty": {"zh": "暂无消息。", "en": "No messages."},
    "inbox_page.unread_only": {"zh": "只看未读", "en": "Unread only"},
    "inbox_page.show_all": {"zh": "全部消息", "en": "All messages"},
    "inbox_page.mark_read": {"zh": "标为已读", "en": "Mark as read"},
    "inbox_page.read": {"zh": "已读", "en": "Read"},
    "inbox_page.unread": {"zh": "未读", "en": "Unread"},
    "inbox_page.at": {"zh": "时间", "en": "When"},
    "inbox_page.case": {"zh": "办件", "en": "Case"},
    "inbox_page.text": {"zh": "内容", "en": "Message"},
    "inbox_page.unread_count": {"zh": "{count} 条未读", "en": "{count} unread"},
    "inbox_page.no_such_message": {"zh": "没有这条消息。", "en": "There is no such message."},
    "outbox.subject": {"zh": "【不动产登记】{text}", "en": "[Real-estate registry] {text}"},
    "outbox.email_body": {
        "zh": "{text}\n\n办件编号：{case_id}\n查看全部消息：{inbox_url}\n\n（本邮件由系统自动发送，请勿回复。）",
        "en": "{text}\n\nCase: {case_id}\nAll your messages: {inbox_url}\n\n(Sent automatically; do not reply.)",
    },
    "outbox.sms": {"zh": "【不动产登记】{text}", "en": "[Registry] {text}"},
}
