"""UI strings: key → {zh, en}. Chinese is the default language of the registry's users."""

MESSAGES: dict[str, dict[str, str]] = {
    "app.title": {"zh": "不动产登记一窗通办", "en": "Real-estate registry one window"},
    "nav.logout": {"zh": "退出", "en": "Log out"},
    "nav.queue": {"zh": "待审队列", "en": "Review queue"},
    "nav.my_cases": {"zh": "我的办件", "en": "My cases"},
    "nav.new_transfer": {"zh": "申请转移登记", "en": "File a transfer"},
    "nav.units": {"zh": "登记簿查询", "en": "Register book"},
    "nav.api_docs": {"zh": "接口文档", "en": "API docs"},
    "lang.switch": {"zh": "English", "en": "中文"},
    "login.title": {"zh": "登录", "en": "Log in"},
    "login.user": {"zh": "用户名", "en": "User name"},
    "login.password": {"zh": "密码", "en": "Password"},
    "login.submit": {"zh": "登录", "en": "Log in"},
    "login.failed": {"zh": "用户名或密码错误", "en": "Wrong user name or password"},
    "login.locked": {"zh": "登录失败次数过多，请稍后再试", "en": "Too many failed logins; try again later"},
    "home.welcome": {"zh": "欢迎，{name}", "en": "Welcome, {name}"},
    "home.no_pages": {"zh": "您的角色暂无页面，请使用接口。", "en": "Your role has no pages yet; use the API."},
    "error.title": {"zh": "出错了", "en": "Something is wrong"},
    "error.back": {"zh": "返回", "en": "Go back"},
}
