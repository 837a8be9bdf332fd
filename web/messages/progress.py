"""UI strings of a case's progress: its deadline in the queues, the parties' timeline and expected completion,
return for supplement (补正) on the pages, and ratings (好差评); merged into ``web.messages.MESSAGES``."""

PROGRESS_MESSAGES: dict[str, dict[str, str]] = {
    "deadline.title": {"zh": "办理时限", "en": "Deadline"},
    "deadline.none": {"zh": "未计时", "en": "not timed"},
    "deadline.colour.green": {"zh": "正常", "en": "in time"},
    "deadline.colour.amber": {"zh": "临近时限", "en": "close to the limit"},
    "deadline.colour.red": {"zh": "已超时", "en": "overdue"},
    "deadline.colour.waiting": {"zh": "暂停计时", "en": "clock paused"},
    "deadline.colour.ended": {"zh": "已办结", "en": "ended"},
    "deadline.limit_days": {"zh": "{n} 个工作日", "en": "{n} working days"},
    "deadline.limit_minutes": {"zh": "{n} 个工作分钟", "en": "{n} office minutes"},
}
