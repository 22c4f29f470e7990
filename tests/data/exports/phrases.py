"""Phrase banks for the planted export (English and Russian, shop and IT helpdesk).

Slots in braces are filled by ``make_export.py``: people ``{me}``, ``{mef}`` (first name),
``{mel}`` (surname), ``{rel}``/``{relf}`` (a relative sharing the surname), ``{thr}``/``{thrf}``
(a third party), ``{ag}``/``{ag2}`` (agents), Russian case after a dot (``{me.gen}``);
personal data ``{phone}``, ``{phone2}``, ``{email}``, ``{email2}``, ``{card}``, ``{iin}``,
``{iinbad}``, ``{addr}``, ``{order}``, ``{order2}``, ``{doc}``; kept values ``{date}``, ``{date2}``,
``{amount}``, ``{amount2}``, ``{duration}``, ``{status}``, ``{plan}``; plain words ``{my_rel}``,
``{rel_word}``, ``{thr_role}``, ``{docword}``, ``{team}``.
"""

# ---- the problem, per scenario: (domain, {lang: [openings]}, {lang: [(closing, outcome, route)]}) ----------------

SCENARIOS = {
    "order_delivery": ("shop", {
        "en": [
            "My order {order} was supposed to arrive on {date} but the tracking still says {status}.",
            "Where is my parcel? Order {order}, paid {amount}, and it has been {duration} already.",
            "The app shows order {order} as {status} since {date}, but nobody came. I was home all day.",
            "I ordered a kettle on {date} (order no. {order}) and it is still not here, status {status}.",
        ],
        "ru": [
            "Мой заказ {order} должен был приехать {date}, но в трекинге до сих пор статус «{status}».",
            "Где моя посылка? Заказ № {order}, оплатил {amount}, прошло уже {duration}.",
            "В приложении заказ {order} {status} с {date}, но курьер так и не приехал.",
            "Заказывала пылесос {date}, номер заказа {order}, статус «{status}», а доставки нет.",
        ],
    }, {
        "en": [("Can you at least tell me when it will come?", "answer", None),
               ("I want to cancel it then, it is not even shipped.", "action", None),
               ("Honestly this is the third time, I need someone to open an investigation with the carrier.", "escalate", "logistics")],
        "ru": [("Подскажите хотя бы, когда ждать?", "answer", None),
               ("Тогда отмените заказ, он даже не отправлен.", "action", None),
               ("Это уже третий раз, пусть служба доставки разберётся с курьером.", "escalate", "logistics")],
    }),
    "refund_return": ("shop", {
        "en": [
            "I returned the blender on {date} and still have no refund of {amount}. Order {order}.",
            "I want my money back for order {order}, the jacket does not fit. Bought it {duration} ago.",
            "The headphones from order {order} arrived broken, I paid {amount}. How do I return them?",
            "Refund for order {order} shows {status} since {date}, when will the money reach my card?",
        ],
        "ru": [
            "Вернула блендер {date}, а деньги {amount} так и не пришли. Заказ {order}.",
            "Хочу вернуть деньги за заказ № {order}, куртка не подошла. Купил {duration} назад.",
            "Наушники из заказа {order} пришли сломанные, заплатил {amount}. Как оформить возврат?",
            "Возврат по заказу {order} в статусе «{status}» с {date}. Когда деньги придут на карту?",
        ],
    }, {
        "en": [("So when exactly will I see the money?", "answer", None),
               ("I don't have the order number any more, only the card statement.", "clarify", None),
               ("Please just start the return, I have the box and the receipt.", "action", None)],
        "ru": [("Так когда именно придут деньги?", "answer", None),
               ("Номера заказа у меня уже нет, есть только выписка по карте.", "clarify", None),
               ("Оформите, пожалуйста, возврат, коробка и чек у меня есть.", "action", None)],
    }),
    "payment_issue": ("shop", {
        "en": [
            "I was charged twice for order {order}: {amount} on {date} and again the next day.",
            "My card was debited {amount} but the order {order} shows {status}.",
            "There is a charge of {amount} from your shop on {date} and I have no order like that.",
            "Payment for order {order} failed three times, but the bank says {amount} is on hold.",
        ],
        "ru": [
            "С меня дважды списали {amount} за заказ {order}, {date} и на следующий день.",
            "Деньги {amount} списались, а заказ {order} в статусе «{status}».",
            "Вижу списание {amount} от вашего магазина {date}, но такого заказа я не делал.",
            "Оплата заказа {order} три раза не прошла, а банк говорит, что {amount} заблокировано.",
        ],
    }, {
        "en": [("Please return the second charge, it is clearly a mistake.", "escalate", "tier2-billing"),
               ("How long does the hold usually take to disappear?", "answer", None),
               ("What do you need from me to find it?", "clarify", None)],
        "ru": [("Верните, пожалуйста, второе списание, это явная ошибка.", "escalate", "tier2-billing"),
               ("Сколько обычно держится такая блокировка?", "answer", None),
               ("Что от меня нужно, чтобы вы это нашли?", "clarify", None)],
    }),
    "promo_code": ("shop", {
        "en": [
            "The promo code from your newsletter does not work on order {order}, it says expired but the e-mail says valid till {date}.",
            "I forgot to add my {plan} discount to order {order} ({amount}). Can you apply it now?",
            "Your code gives {amount} off but the checkout says my basket is too small.",
        ],
        "ru": [
            "Промокод из рассылки не применяется к заказу {order}, пишет «истёк», хотя в письме до {date}.",
            "Забыл применить скидку {plan} к заказу {order} на {amount}. Можно сейчас?",
            "Ваш код даёт скидку {amount}, а корзина пишет, что сумма мала.",
        ],
    }, {
        "en": [("So can you apply it or not?", "answer", None),
               ("Just give me the discount anyway, I am a loyal customer.", "refuse", None)],
        "ru": [("Так можно применить или нет?", "answer", None),
               ("Просто дайте скидку, я же постоянный покупатель.", "refuse", None)],
    }),
    "account_access": ("shop", {
        "en": [
            "I cannot log in, the code never comes to my phone. Account is on {email}.",
            "My account was locked on {date} after a few wrong passwords, status {status}.",
            "Someone changed the e-mail on my account yesterday, I did not do that!",
            "Please change the delivery address on my account, I moved {duration} ago.",
        ],
        "ru": [
            "Не могу войти, код на телефон не приходит. Аккаунт на почте {email}.",
            "Аккаунт заблокировали {date} после нескольких неверных паролей, статус «{status}».",
            "Кто-то вчера поменял почту в моём аккаунте, это был не я!",
            "Поменяйте, пожалуйста, адрес доставки в профиле, я переехала {duration} назад.",
        ],
    }, {
        "en": [("What should I do now?", "answer", None),
               ("I think my account was hacked, please block it.", "escalate", "tier2-identity")],
        "ru": [("Что мне теперь делать?", "answer", None),
               ("Кажется, мой аккаунт взломали, заблокируйте его.", "escalate", "tier2-identity")],
    }),
    "personal_data": ("shop", {
        "en": [
            "Please delete all my personal data, I no longer use the shop since {date}.",
            "I want a copy of all data you keep about me, the law gives you {duration}.",
            "Stop sending me marketing e-mails, I unsubscribed on {date}.",
        ],
        "ru": [
            "Прошу удалить все мои персональные данные, магазином не пользуюсь с {date}.",
            "Хочу получить копию всех данных обо мне, по закону у вас {duration}.",
            "Перестаньте присылать рекламу, я отписался ещё {date}.",
        ],
    }, {
        "en": [("And also give me the order history of my {rel_word}, we share a card.", "refuse", None),
               ("How long will this take?", "answer", None),
               ("Please register the request.", "escalate", "privacy")],
        "ru": [("И ещё пришлите историю заказов {rel_gen_poss}, у нас общая карта.", "refuse", None),
               ("Сколько это займёт времени?", "answer", None),
               ("Зарегистрируйте, пожалуйста, запрос.", "escalate", "privacy")],
    }),
    "password_mfa": ("it", {
        "en": [
            "I am locked out of my work account since {date}, status {status}.",
            "Got a new phone and the authenticator is gone, I cannot sign in to {plan}.",
            "Password expired this morning and the reset page says my account is {status}.",
            "The MFA codes stopped coming to my phone, I have a meeting in {duration}.",
        ],
        "ru": [
            "Не могу войти в рабочую учётку с {date}, статус «{status}».",
            "Новый телефон, аутентификатора нет, не могу войти в {plan}.",
            "Пароль истёк утром, а страница сброса пишет, что учётка {status}.",
            "Перестали приходить коды MFA, через {duration} совещание.",
        ],
    }, {
        "en": [("Can you just send the code to my personal e-mail instead?", "refuse", None),
               ("What do I need to do to get the MFA reset?", "answer", None),
               ("Please reset it, I need access today.", "escalate", "it-access-management")],
        "ru": [("Можете прислать код на личную почту?", "refuse", None),
               ("Что нужно сделать, чтобы сбросили MFA?", "answer", None),
               ("Сбросьте, пожалуйста, доступ нужен сегодня.", "escalate", "it-access-management")],
    }),
    "vpn_network": ("it", {
        "en": [
            "{plan} VPN fails with error 809 since {date}, I work from home.",
            "The office Wi-Fi on the 4th floor drops every {duration}.",
            "VPN says my certificate expired on {date}.",
        ],
        "ru": [
            "VPN {plan} с {date} выдаёт ошибку 809, работаю из дома.",
            "Wi-Fi в офисе на 4 этаже отваливается каждые {duration}.",
            "VPN пишет, что сертификат истёк {date}.",
        ],
    }, {
        "en": [("I already rebooted twice, it still does not connect.", "escalate", "it-tier2-network"),
               ("Is there an outage right now?", "answer", None)],
        "ru": [("Уже два раза перезагружал, не подключается.", "escalate", "it-tier2-network"),
               ("Сейчас какая-то авария?", "answer", None)],
    }),
    "device_compliance": ("it", {
        "en": [
            "My laptop is marked {status} since {date}, something about disk encryption.",
            "I got an e-mail that my device will be blocked in {duration} because of the OS version.",
            "Can I get an exception from the {plan} update, my lab software breaks on it?",
        ],
        "ru": [
            "Ноутбук помечен как «{status}» с {date}, что-то про шифрование диска.",
            "Пришло письмо, что устройство заблокируют через {duration} из-за версии ОС.",
            "Можно исключение из обновления {plan}? На нём ломается лабораторный софт.",
        ],
    }, {
        "en": [("What do I have to do before the deadline?", "answer", None),
               ("Please grant the exception, my manager agrees.", "escalate", "security")],
        "ru": [("Что сделать до дедлайна?", "answer", None),
               ("Оформите исключение, руководитель согласен.", "escalate", "security")],
    }),
    "software_access": ("it", {
        "en": [
            "I need {plan} installed, my trial ended on {date}.",
            "Please give me local admin rights for {duration}, I need to install drivers.",
            "I need access to the Finance shared folder, request is {status} since {date}.",
        ],
        "ru": [
            "Нужно установить {plan}, пробный период закончился {date}.",
            "Дайте, пожалуйста, права локального администратора на {duration}, надо поставить драйверы.",
            "Нужен доступ к папке «Финансы», заявка {status} с {date}.",
        ],
    }, {
        "en": [("Can you just approve it without my manager?", "refuse", None),
               ("Which form should I fill in?", "answer", None)],
        "ru": [("Можете одобрить без руководителя?", "refuse", None),
               ("Какую форму заполнить?", "answer", None)],
    }),
    "security_incident": ("it", {
        "en": [
            "I clicked a link in an e-mail about a parcel and typed my password on {date}.",
            "I got {duration} of MFA push requests at night that I did not start.",
            "Someone called claiming to be from IT and asked for my code, I did not give it.",
        ],
        "ru": [
            "Перешла по ссылке из письма про посылку и ввела пароль {date}.",
            "Ночью {duration} приходили запросы MFA, которые я не отправлял.",
            "Звонил кто-то «из ИТ» и просил код, я не сказала.",
        ],
    }, {
        "en": [("What should I do right now?", "escalate", "security"),
               ("Should I forward the e-mail somewhere?", "answer", None)],
        "ru": [("Что мне сейчас делать?", "escalate", "security"),
               ("Переслать куда-то это письмо?", "answer", None)],
    }),
    "lost_device": ("it", {
        "en": [
            "I left my work laptop in a taxi on {date}.",
            "My work phone was stolen yesterday at the bazaar, it has {plan} on it.",
            "I found my lost laptop, it was marked {status}, can you unlock it?",
        ],
        "ru": [
            "Оставил рабочий ноутбук в такси {date}.",
            "Вчера на базаре украли рабочий телефон, на нём {plan}.",
            "Нашёлся потерянный ноутбук, он в статусе «{status}», разблокируете?",
        ],
    }, {
        "en": [("Please wipe it remotely.", "escalate", "security"),
               ("When can I get a replacement?", "answer", None)],
        "ru": [("Сотрите его удалённо, пожалуйста.", "escalate", "security"),
               ("Когда выдадут замену?", "answer", None)],
    }),
}

GREETINGS = {
    "en": ["Hello,", "Hi,", "Hi there!", "Good morning.", "Hello support team,", "Dear support,", "", "", "Hey,"],
    "ru": ["Здравствуйте!", "Добрый день.", "Привет.", "Здравствуйте,", "Добрый вечер!", "", "", "Доброе утро."],
}

# self-introductions: the requester's own name
INTROS = {
    "en": ["My name is {me}.", "I'm {me}.", "This is {me}.", "{me} here.", "I am {me}, a customer since {date}.",
           "It's {mef} again.", "My name is {mef} {mel}, I placed the order.", "Writing on behalf of myself, {me}."],
    "ru": ["Меня зовут {me}.", "Это {me}.", "Пишет {me}.", "Я {me}.", "Меня зовут {mef}, фамилия {mel}.",
           "Беспокоит {me}.", "С вами {me}, клиент с {date}.", "Это снова {mef}."],
}

# contact details in free text
CONTACTS = {
    "phone": {
        "en": ["You can call me at {phone}.", "My number is {phone}.", "Phone: {phone}", "Call me on {phone} after 6 pm.",
               "Please text {phone}, I'm at work.", "My phone on the account is {phone}."],
        "ru": ["Мой телефон {phone}.", "Звоните на {phone}.", "Тел.: {phone}", "Номер для связи: {phone}, после 18:00.",
               "Напишите в WhatsApp на {phone}.", "Телефон в профиле {phone}."],
    },
    "email": {
        "en": ["My e-mail is {email}.", "Reply to {email} please.", "Account e-mail: {email}", "You can write to {email} too."],
        "ru": ["Почта {email}.", "Ответьте на {email}, пожалуйста.", "Мой e-mail: {email}", "Можно написать на {email}."],
    },
    "card": {
        "en": ["I paid with the card {card}.", "The card is {card}, exp 08/28.", "Charged to {card}.",
               "It was my Kaspi card {card}."],
        "ru": ["Оплачивал картой {card}.", "Карта {card}, срок 08/28.", "Списали с карты {card}.", "Платила картой Kaspi {card}."],
    },
    "iin": {
        "en": ["My IIN is {iin} if you need it.", "IIN: {iin}", "For identification, IIN {iin}."],
        "ru": ["Мой ИИН {iin}.", "ИИН: {iin}", "Для идентификации: ИИН {iin}.", "иин {iin}"],
    },
    "iinbad": {
        "en": ["My IIN is {iinbad}.", "IIN {iinbad}, I think."],
        "ru": ["ИИН {iinbad}.", "Мой ИИН {iinbad}, вроде бы."],
    },
    "addr": {
        "en": ["Delivery address: {addr}.", "I live at {addr}.", "Ship it to {addr} please.", "The address is {addr}."],
        "ru": ["Адрес доставки: {addr}.", "Я живу по адресу {addr}.", "Доставка на {addr}.", "Адрес: {addr}."],
    },
    "doc": {
        "en": ["My {docword} number is {doc}.", "{docword}: {doc}", "I can confirm with my {docword} {doc}."],
        "ru": ["Номер {docword}: {doc}.", "{docnom_cap} {doc}.", "Могу подтвердить, {docnom} № {doc}."],
    },
}
DOCWORDS = {
    "en": {"passport": "passport", "id": "ID card", "licence": "driver's licence"},
    "ru": {"passport": "паспорта", "id": "удостоверения личности", "licence": "водительского удостоверения"},
}
DOCNOM = {"passport": "паспорт", "id": "удостоверение личности", "licence": "водительское удостоверение"}

# relatives sharing the surname
RELATIVES = {
    "en": ["The order was placed by {my_rel} {rel}, number {phone2}.", "{my_rel_cap} {rel} paid for it, not me.",
           "Please also talk to {my_rel} {relf} if I'm not available: {phone2}.", "It's {my_rel} {rel}'s account, e-mail {email2}.",
           "{my_rel_cap} {rel} will pick it up."],
    "ru": ["Заказ оформлен на {rel_acc_word} {rel.acc}, телефон {phone2}.", "Оплата была не с моей карты, а с карты {rel_gen_poss} {rel.gen}.",
           "Если меня не будет, звоните {rel_dat_word} {rel.dat}: {phone2}.", "Аккаунт на {rel_acc_word} {rel.acc}, почта {email2}.",
           "Забирать будет {my_rel} {rel}."],
}
RELATION = {
    ("en", True): ["my wife", "my sister", "my mother", "my daughter"],
    ("en", False): ["my husband", "my brother", "my father", "my son"],
}
RU_RELATION = {  # (nominative with possessive, genitive word, dative word, accusative word)
    True: [("моя жена", "жены", "жене", "жену"), ("моя сестра", "сестры", "сестре", "сестру"),
           ("моя мама", "мамы", "маме", "маму"), ("моя дочь", "дочери", "дочери", "дочь")],
    False: [("мой муж", "мужа", "мужу", "мужа"), ("мой брат", "брата", "брату", "брата"),
            ("мой папа", "папы", "папе", "папу"), ("мой сын", "сына", "сыну", "сына")],
}

# third parties (not relatives)
THIRD = {
    "shop": {
        "en": ["The courier, {thr}, said he could not find the entrance.", "Your colleague {thrf} promised me a call back.",
               "My neighbour {thr} signed for a parcel but it was not mine."],
        "ru": ["Курьер {thr} сказал, что не нашёл подъезд.", "Ваш сотрудник {thrf} обещал перезвонить.",
               "Соседка {thr} расписалась за посылку, но это не моя."],
    },
    "it": {
        "en": ["My manager {thr} approved it already.", "{thr} from accounting has the same problem.",
               "I spoke with {thrf} on the service desk yesterday."],
        "ru": ["Мой руководитель {thr} уже согласовал.", "У {thr.gen} из бухгалтерии та же проблема.",
               "Вчера говорил с {thrf.ins} из сервис-деска."],
    },
}

SIGNOFFS = {
    "en": ["Regards,\n{me}", "Thanks,\n{mef}", "Best regards, {me}", "Kind regards,\n{me}\n{phone}", "Cheers, {mef}", "— {me}", ""],
    "ru": ["С уважением,\n{me}", "Спасибо, {mef}", "С уважением, {me}, тел. {phone}", "{me}", "Заранее спасибо!\n{mef}", ""],
}

# ---- agent turns --------------------------------------------------------------------------------------

AGENT_HELLO = {
    "en": ["Hello {mef}, thank you for contacting us.", "Hi {mef}!", "Good afternoon, {me}.", "Hello,", "Dear {me},",
           "Hi {mef}, this is {ag} from support."],
    "ru": ["Здравствуйте, {mef}!", "Добрый день, {me}.", "Здравствуйте!", "{mef}, добрый день.",
           "Здравствуйте, {mef}, меня зовут {ag}, я оператор поддержки."],
}
AGENT_ASK = {
    "order": {"en": ["Could you share your order number?", "Please send me the order number so I can check."],
              "ru": ["Подскажите, пожалуйста, номер заказа.", "Пришлите номер заказа, я проверю."]},
    "phone": {"en": ["Which phone number is on the account?", "Please confirm the phone number you used."],
              "ru": ["Какой номер телефона указан в аккаунте?", "Подтвердите, пожалуйста, номер телефона."]},
    "email": {"en": ["What e-mail did you use for the purchase?"], "ru": ["На какую почту оформлен заказ?"]},
    "addr": {"en": ["Please confirm the delivery address."], "ru": ["Уточните, пожалуйста, адрес доставки."]},
}
CUSTOMER_GIVE = {
    "order": {"en": ["It's {order}.", "Order number {order}", "sure, {order}", "here: #{order}"],
              "ru": ["Номер {order}.", "Заказ № {order}", "вот: {order}", "{order}"]},
    "phone": {"en": ["{phone}", "It's {phone}.", "the number is {phone}"], "ru": ["{phone}", "Номер {phone}.", "телефон {phone}"]},
    "email": {"en": ["{email}", "It was {email}."], "ru": ["{email}", "Почта {email}."]},
    "addr": {"en": ["{addr}", "It's {addr}."], "ru": ["{addr}", "Адрес: {addr}."]},
}
AGENT_SIGN = {
    "en": ["", "", "Best regards,\n{ag}, Lumo support", "— {ag}", "Kind regards, {agfull}", "Thanks,\n{ag}"],
    "ru": ["", "", "С уважением,\n{ag}, служба поддержки Lumo", "— {ag}", "С уважением, {agfull}"],
}
AGENT_INFO = {
    "en": ["I can see the status is {status}; the next update is expected by {date}.",
           "The amount of {amount} was registered on {date}; it usually takes {duration}.",
           "I checked: everything on our side is {status}. Please allow {duration}.",
           "Your {plan} benefits apply, and the standard period is {duration}."],
    "ru": ["Вижу статус «{status}», следующее обновление ожидается {date}.",
           "Сумма {amount} зарегистрирована {date}, обычно это занимает {duration}.",
           "Проверил(а): у нас всё в статусе «{status}». Подождите, пожалуйста, {duration}.",
           "По тарифу {plan} срок стандартный, {duration}."],
}
AGENT_MISTAKE = {
    "shop": {"en": ["Hello {thrf}, I see your order {order2} was delivered on {date}.", "I have issued a refund of {amount2} for order {order2}."],
             "ru": ["Здравствуйте, {thrf}! Ваш заказ {order2} доставлен {date}.", "Оформил(а) возврат {amount2} по заказу {order2}."]},
    "it": {"en": ["Hello {thrf}, your access to {plan} was granted on {date}.", "Hi {thrf}, the new laptop is ready for pickup."],
           "ru": ["Здравствуйте, {thrf}! Доступ к {plan} выдан {date}.", "{thrf}, добрый день, ваш новый ноутбук готов к выдаче."]},
}
CUSTOMER_CORRECT = {
    "shop": {"en": ["That's not me and not my order! I'm {mef}, my order is {order}.", "Wrong order — {order2} is not mine, mine is {order}.",
                    "You mixed me up with someone. Again: {me}, order {order}."],
             "ru": ["Это не я и не мой заказ! Я {mef}, мой заказ {order}.", "Вы перепутали, {order2} не мой, мой {order}.",
                    "Вы меня с кем-то спутали. Ещё раз: {me}, заказ {order}."]},
    "it": {"en": ["I'm not {thrf}, I'm {me}, and I asked about something else.", "Wrong person, this is {mef} {mel}."],
           "ru": ["Я не {thrf}, я {me}, и вопрос у меня другой.", "Вы ошиблись, это {mef} {mel}."]},
}
AGENT_SORRY = {
    "shop": {"en": ["Sorry {mef}, my mistake — I opened the wrong ticket. Let me check order {order}.",
                    "Apologies for the confusion. Looking at order {order} now."],
             "ru": ["Извините, {mef}, я ошибся тикетом. Смотрю заказ {order}.", "Прошу прощения за путаницу. Проверяю заказ {order}."]},
    "it": {"en": ["Sorry {mef}, wrong ticket on my side.", "Apologies, {me}, I mixed up two requests."],
           "ru": ["Извините, {mef}, я перепутал заявки.", "Прошу прощения, {me}, ошибся обращением."]},
}
AGENT_TRANSFER = {
    "en": ["I'm transferring your ticket to our {team} team, they will contact you within {duration}.",
           "This needs the {team} team; I've passed it on with all the details."],
    "ru": ["Передаю ваше обращение в {team}, с вами свяжутся в течение {duration}.",
           "Этим занимается {team}, я передал(а) ваш запрос со всеми деталями."],
}
AGENT_TAKEOVER = {
    "en": ["Hi {mef}, {ag2} from the {team} team here, I've taken over your ticket.",
           "Hello, my name is {ag2}, I'll handle this from now on."],
    "ru": ["Здравствуйте, {mef}! Меня зовут {ag2}, я из {team}, теперь ваш вопрос у меня.",
           "Добрый день, это {ag2}, дальше вашим обращением занимаюсь я."],
}
TEAMS = {"shop": {"en": ["billing", "logistics", "account security"], "ru": ["отдел оплат", "службу доставки", "отдел безопасности"]},
         "it": {"en": ["network", "access management", "endpoint"], "ru": ["группу сетей", "группу доступа", "отдел рабочих мест"]}}
TEAMS_GEN = {"отдел оплат": "отдела оплат", "службу доставки": "службы доставки", "отдел безопасности": "отдела безопасности",
             "группу сетей": "группы сетей", "группу доступа": "группы доступа", "отдел рабочих мест": "отдела рабочих мест"}
FOLLOWUPS = {
    "en": ["ok thanks", "Any news? It has been {duration}.", "I also wanted to add: {rel_line}", "Still waiting...",
           "Fine. One more thing though."],
    "ru": ["ок, спасибо", "Есть новости? Прошло уже {duration}.", "Ещё добавлю: {rel_line}", "Жду...", "Хорошо. Ещё вопрос."],
}
