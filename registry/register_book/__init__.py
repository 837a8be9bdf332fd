"""The Register Book context: one page per 不动产单元 (ownership, mortgages in rank order, seizures,
objections, locks), each person's holdings, and the gap-free certificate numbers."""
