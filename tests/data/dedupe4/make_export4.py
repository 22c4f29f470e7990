#!/usr/bin/env python3
"""Blind helpdesk export #4 with planted duplicates, for measuring `ticketbench dedupe`.

Writes export4.json (Zendesk-style) and truth4.json next to this script.
truth4.json:
  duplicate_groups: near-identical re-sends by the same customer (same problem,
                    within minutes .. 3 days) -> SHOULD merge
  must_not_merge:   [id, id, reason] pairs that look alike but are different tickets
Everything is deterministic (seeded).
"""
import json
import os
import random
import re
import sys
from datetime import datetime, timedelta, timezone
from difflib import SequenceMatcher
from itertools import combinations

SEED = 20260404
rng = random.Random(SEED)
OUT = os.path.dirname(os.path.abspath(__file__))

R_PARA = "same problem, different words, different customers"
R_FORM = "same web-form template, different customers and details"
R_LATER = "same customer months later, another order/problem"
R_BOILER = "shared long greeting/signature/boilerplate, different problems"
R_SAMEDAY = "same customer, same day, two different problems"

SHOP = ["order_delivery", "refund_return", "payment_issue", "promo_code", "account_access", "personal_data"]
IT = ["password_mfa", "vpn_network", "device_compliance", "software_access", "security_incident", "lost_device"]

# ----------------------------------------------------------------------------- people
RU_FIRST_M = ["Данияр", "Ерлан", "Арман", "Тимур", "Нурлан", "Алексей", "Дмитрий", "Сергей", "Бауыржан", "Асхат",
              "Марат", "Руслан", "Олжас", "Канат", "Игорь", "Павел", "Жандос", "Азамат", "Виктор", "Максим",
              "Ринат", "Ильяс", "Самат", "Андрей", "Евгений"]
RU_FIRST_F = ["Айгерим", "Динара", "Гульнара", "Асель", "Мадина", "Ольга", "Наталья", "Жанна", "Алия", "Сауле",
              "Камила", "Елена", "Анна", "Татьяна", "Айжан", "Карина", "Дана", "Светлана", "Жулдыз", "Малика",
              "Ирина", "Юлия", "Томирис", "Акмарал", "Лаура"]
RU_LAST = ["Беков", "Абдрахманов", "Тулегенов", "Сейткалиев", "Нурланов", "Иванов", "Петров", "Смирнов", "Кузнецов",
           "Омаров", "Жумабаев", "Касымов", "Ахметов", "Искаков", "Садыков", "Мухамедов", "Волков", "Козлов",
           "Есенов", "Байжанов", "Сулейменов", "Оспанов", "Калиев", "Рахимов", "Морозов", "Лебедев", "Ермеков",
           "Шарипов", "Темиров", "Федоров", "Амиров", "Мусин", "Каримов", "Нуртаев", "Исмаилов"]
EN_FIRST_M = ["James", "Daniel", "Michael", "Tom", "Alex", "Ryan", "Chris", "David", "Mark", "Ben", "Sam", "Lucas",
              "Oliver", "Peter", "Jack", "Noah", "Ethan", "Adam", "Kevin", "Paul", "Arman", "Timur", "Daniyar"]
EN_FIRST_F = ["Emma", "Sarah", "Laura", "Kate", "Anna", "Julia", "Megan", "Olivia", "Sophie", "Rachel", "Helen",
              "Emily", "Grace", "Chloe", "Lily", "Maria", "Nina", "Zoe", "Claire", "Amy", "Aigerim", "Dinara", "Madina"]
EN_LAST = ["Smith", "Johnson", "Brown", "Taylor", "Wilson", "Clark", "Walker", "Hall", "Young", "King", "Wright",
           "Green", "Baker", "Adams", "Nelson", "Carter", "Mitchell", "Turner", "Parker", "Collins", "Edwards",
           "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Reed", "Bell", "Ward", "Foster", "Hughes", "Price",
           "Kim", "Novak", "Fischer", "Bekov", "Omarova", "Iskakov"]

TR = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
              ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
               "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"]))


def translit(s):
    out = []
    for ch in s:
        lo = ch.lower()
        if lo in TR:
            t = TR[lo]
            out.append(t.capitalize() if ch != lo else t)
        else:
            out.append(ch)
    return "".join(out)


def fem(last):
    if last.endswith(("ов", "ев", "ин")):
        return last + "а"
    return last


used_names = set()
used_phones = set()


def new_phone():
    while True:
        p = "+77" + rng.choice(["01", "02", "05", "07", "08", "47", "71", "75", "77", "78"]) + "".join(
            rng.choice("0123456789") for _ in range(7))
        if p not in used_phones:
            used_phones.add(p)
            return p


SHOP_MAIL = ["gmail.com", "mail.ru", "yandex.kz", "inbox.ru", "bk.ru", "outlook.com", "list.ru", "icloud.com"]
IT_DOMAIN = "lumo-group.example"


class Cust:
    def __init__(self, lang, domain, company_mail=None):
        self.lang = lang
        self.domain = domain
        while True:
            female = rng.random() < 0.5
            if lang == "ru":
                first = rng.choice(RU_FIRST_F if female else RU_FIRST_M)
                last = rng.choice(RU_LAST)
                last = fem(last) if female else last
            else:
                first = rng.choice(EN_FIRST_F if female else EN_FIRST_M)
                last = rng.choice(EN_LAST)
                if last in ("Bekov", "Iskakov", "Omarova"):
                    last = last.rstrip("a") + ("a" if female else "")
            key = translit(first + " " + last).lower()
            if key not in used_names:
                used_names.add(key)
                break
        self.first, self.last = first, last
        self.female = female
        self.name = f"{first} {last}"
        lf, ll = translit(first).lower(), translit(last).lower()
        if domain == "it":
            self.email = f"{lf}.{ll}@{company_mail or IT_DOMAIN}"
        else:
            pat = rng.choice(["{f}.{l}", "{l}.{f}", "{f}{l}{n}", "{f0}{l}", "{l}{n}", "{f}_{l}"])
            self.email = pat.format(f=lf, l=ll, f0=lf[0], n=rng.randint(1, 99)) + "@" + rng.choice(SHOP_MAIL)
        self.phone = new_phone()
        # writing habits, kept for every ticket of this person
        self.lower = rng.random() < 0.3
        self.typo_rate = rng.choice([0.0, 0.0, 0.02, 0.04, 0.07])
        self.greet = rng.randrange(100)
        self.close = rng.randrange(100)
        self.sig = rng.randrange(100)

    def requester(self):
        return {"name": self.name, "email": self.email, "phone": self.phone}


# ----------------------------------------------------------------------------- slots
ITEMS_EN = ["wireless headphones", "a blender", "kids winter boots", "a coffee machine", "an air fryer", "a phone case",
            "running shoes", "a robot vacuum", "a desk lamp", "a smart watch", "a set of pans", "a backpack",
            "a hair dryer", "bluetooth speaker", "a gaming mouse", "a down jacket", "bed linen set", "an electric kettle"]
ITEMS_RU = ["беспроводные наушники", "блендер", "детские зимние сапоги", "кофемашину", "аэрогриль", "чехол для телефона",
            "кроссовки", "робот-пылесос", "настольную лампу", "смарт-часы", "набор сковородок", "рюкзак", "фен",
            "колонку JBL", "игровую мышь", "пуховик", "комплект постельного белья", "электрочайник"]
APPS = ["Power BI Desktop", "Visual Studio Code", "Figma", "Tableau", "Docker Desktop", "1C client", "Postman",
        "AutoCAD", "Python 3.12", "DBeaver", "Notepad++", "MS Project"]
FOLDERS = [r"\\fs01\finance\reports", r"\\fs02\hr\onboarding", r"\\fs01\sales\KZ-2026", r"\\fs03\legal\contracts",
           r"\\fs02\marketing\brand", r"\\fs01\logistics\tenders", "SharePoint: Procurement", "SharePoint: Treasury"]
ERRS = ["809", "691", "720", "Connection timed out", "certificate expired", "authentication failed", "TLS handshake failed"]
LAPTOPS = ["Dell Latitude 5440", "Lenovo ThinkPad T14", "HP EliteBook 840", "MacBook Pro 14", "Dell XPS 13",
           "Lenovo ThinkPad X1"]
PHONES_DEV = ["iPhone 13", "iPhone 15", "Samsung Galaxy S23", "Samsung A54", "Xiaomi Redmi Note 12", "Pixel 7"]
CODES = ["SPRING15", "WELCOME10", "LUMO500", "FRIDAY20", "NEWUSER", "KIDS25", "MEGA30", "SALE2026", "BDAY1000"]
SENDERS = ["DocuSign", "Microsoft 365", "HR department", "Kaspi Bank", "DHL Express", "the CEO", "IT Support",
           "Payroll team"]
CITIES_EN = ["Almaty", "Astana", "Shymkent", "Karaganda", "Aktobe"]
CITIES_RU = ["Алматы", "Астана", "Шымкент", "Караганда", "Актобе"]


def money():
    v = rng.choice([3490, 5990, 7490, 8990, 12490, 15990, 18990, 24990, 32990, 45990, 59990, 89990, 129990])
    return f"{v:,}".replace(",", " ")


def fmt_date(dt, lang):
    if lang == "ru":
        return rng.choice([dt.strftime("%d.%m"), dt.strftime("%d.%m.%Y"), f"{dt.day} " + [
            "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
            "ноября", "декабря"][dt.month - 1]])
    return rng.choice([dt.strftime("%d/%m"), dt.strftime("%b %d").replace(" 0", " "), dt.strftime("%d.%m.%Y"),
                       f"{dt.day} " + dt.strftime("%B")])


def slots(lang, when):
    ordno = str(rng.randint(2000000, 9999999))
    d = {
        "order": ordno,
        "order2": str(rng.randint(2000000, 9999999)),
        "item": rng.choice(ITEMS_RU if lang == "ru" else ITEMS_EN),
        "amount": money(),
        "date": fmt_date(when - timedelta(days=rng.randint(2, 12)), lang),
        "n": rng.randint(3, 14),
        "code": rng.choice(CODES),
        "app": rng.choice(APPS),
        "folder": rng.choice(FOLDERS),
        "err": rng.choice(ERRS),
        "laptop": rng.choice(LAPTOPS),
        "phone_dev": rng.choice(PHONES_DEV),
        "sender": rng.choice(SENDERS),
        "floor": rng.randint(2, 14),
        "city": rng.choice(CITIES_RU if lang == "ru" else CITIES_EN),
        "time": f"{rng.randint(9, 17)}:{rng.choice(['00', '30'])}",
        "last4": str(rng.randint(1000, 9999)),
        "asset": "LG-" + str(rng.randint(10000, 99999)),
    }
    return d


# ----------------------------------------------------------------------------- problem texts
# P[scenario][sub][lang] = list of phrasings (different wordings of the same problem)
P = {
 "order_delivery": {
  "late": {
   "en": ["My order {order} ({item}) still hasn't arrived. Tracking has been stuck on 'in transit' since {date}.",
          "where is my parcel?? ordered {item} {n} days ago, order #{order}, the tracking page shows nothing new",
          "I placed order {order} and the delivery date was {date}. Nobody came and I have no updates. Can you check what is going on with it?"],
   "ru": ["Мой заказ {order} ({item}) до сих пор не пришёл. Трекинг с {date} стоит на статусе «в пути».",
          "где мой заказ?? заказывала {item} {n} дней назад, номер {order}, на сайте ничего не меняется",
          "Оформил заказ №{order}, доставку обещали {date}. Курьер так и не приехал, никаких новостей нет. Проверьте пожалуйста что с ним."]},
  "not_received": {
   "en": ["The app says order {order} was delivered today but I didn't get anything. Nobody rang the bell.",
          "order {order} marked as DELIVERED but there is no parcel, not at the door, not with neighbours. I was home all day."],
   "ru": ["В приложении заказ {order} отмечен как доставленный, но я ничего не получала. В дверь никто не звонил.",
          "заказ {order} пишет ДОСТАВЛЕН, а посылки нет ни у двери ни у соседей. я весь день был дома"]}},
 "refund_return": {
  "refund": {
   "en": ["I returned {item} on {date} (order {order}) and still haven't got my refund of {amount} tenge.",
          "hi, it's been {n} days since the courier picked up my return for order {order}, where is my money? {amount} tg",
          "Could you tell me the status of my refund? The return for order {order} was accepted at the pick-up point on {date}, the amount is {amount} KZT."],
   "ru": ["Вернула {item} {date} (заказ {order}), а деньги {amount} тг до сих пор не пришли.",
          "прошло уже {n} дней как курьер забрал возврат по заказу {order}, где деньги? {amount} тенге",
          "Подскажите статус возврата средств. Возврат по заказу {order} приняли в пункте выдачи {date}, сумма {amount} ₸."]},
  "damaged": {
   "en": ["{item} from order {order} arrived broken, the box was crushed. I want to return it.",
          "received my order {order} today and {item} is damaged (cracked). how do I send it back and get a new one?"],
   "ru": ["{item} из заказа {order} пришли повреждёнными, коробка смята. Хочу оформить возврат.",
          "получила сегодня заказ {order}, а {item} с трещиной. как вернуть и получить замену?"]}},
 "payment_issue": {
  "double": {
   "en": ["I was charged twice for order {order}: two payments of {amount} KZT from my card ending {last4}.",
          "hello, the money got taken 2 times!! {amount} tg x2, order {order}. please return one of them",
          "My bank statement shows the same charge of {amount} tenge twice for a single order ({order}). Card *{last4}."],
   "ru": ["С карты *{last4} списали два раза по {amount} тг за заказ {order}.",
          "деньги списались 2 раза!! {amount} тг х2, заказ {order}. верните пожалуйста одно списание",
          "В выписке банка вижу одинаковое списание {amount} тенге дважды, а заказ один ({order}). Карта заканчивается на {last4}."]},
  "declined": {
   "en": ["Payment for my order was declined but {amount} KZT is blocked on my card *{last4}. There is no order in my account.",
          "tried to pay 3 times, it says payment failed, but the bank shows {amount} tg on hold. what now?"],
   "ru": ["Оплата не прошла, пишет «отклонено», но на карте *{last4} заблокировано {amount} тг. Заказа в кабинете нет.",
          "пытался оплатить 3 раза, пишет ошибка оплаты, а банк показывает {amount} тг в холде. что делать?"]}},
 "promo_code": {
  "invalid": {
   "en": ["The promo code {code} doesn't work, it says 'code is not valid'. I got it in your newsletter last week.",
          "ur code {code} is not applying at checkout, just red text 'invalid code'. basket is {amount} tg",
          "Hello, I'm trying to use the voucher {code} but the site rejects it. According to the e-mail it should be valid until the end of the month."],
   "ru": ["Промокод {code} не работает, пишет «промокод недействителен». Получила его в рассылке на прошлой неделе.",
          "ваш промокод {code} не применяется при оформлении, просто красная надпись неверный код. корзина на {amount} тг",
          "Добрый день, пытаюсь применить купон {code}, сайт его не принимает. В письме сказано, что он действует до конца месяца."]},
  "forgot": {
   "en": ["I forgot to enter the code {code} when I placed order {order}. Can you apply the discount now?",
          "placed order {order} and only then remembered about my promo {code}, could you refund the difference?"],
   "ru": ["Забыла ввести промокод {code} при оформлении заказа {order}. Можно применить скидку сейчас?",
          "оформил заказ {order} и только потом вспомнил про промокод {code}, можете вернуть разницу?"]}},
 "account_access": {
  "no_code": {
   "en": ["I can't log in: the SMS code never arrives. I've requested it five times.",
          "login code not coming to my phone!!! tried all day, cant get into my account",
          "When I try to sign in to the Lumo app, it says a code was sent, but I receive no SMS. My number hasn't changed."],
   "ru": ["Не могу войти: код из СМС не приходит. Запрашивала уже пять раз.",
          "код для входа не приходит на телефон!!! весь день пытаюсь, не могу зайти в аккаунт",
          "При входе в приложение Lumo пишет, что код отправлен, но СМС не приходит. Номер телефона не менялся."]},
  "change_email": {
   "en": ["I no longer have access to my old e-mail. Please change the e-mail on my account to {email_new}.",
          "need to update the email in my profile, old one is closed. new: {email_new}"],
   "ru": ["У меня больше нет доступа к старой почте. Смените, пожалуйста, e-mail в аккаунте на {email_new}.",
          "нужно поменять почту в профиле, старую закрыли. новая {email_new}"]}},
 "personal_data": {
  "delete": {
   "en": ["Please delete my account and all my personal data. I don't want to use the shop anymore.",
          "delete my data please. all of it. and the account.",
          "Under data protection rules I'm asking you to erase my personal data and close my Lumo account."],
   "ru": ["Прошу удалить мой аккаунт и все персональные данные. Больше не планирую пользоваться магазином.",
          "удалите мои данные пожалуйста. все. и аккаунт тоже",
          "В соответствии с законом о персональных данных прошу удалить мои данные и закрыть учётную запись Lumo."]},
  "spam": {
   "en": ["I unsubscribed {n} days ago and still get your marketing e-mails every day. Stop it please.",
          "why do i keep getting promo sms from you? I never agreed to this"],
   "ru": ["Отписалась от рассылки {n} дней назад, а рекламные письма приходят каждый день. Прекратите пожалуйста.",
          "почему мне приходят рекламные смс от вас? я не давал согласия"]}},
 "password_mfa": {
  "locked": {
   "en": ["My account got locked after I changed my password this morning. I can't log in to Outlook or Teams.",
          "locked out again!! changed the pwd yesterday and now it says account is locked",
          "Hi, after the mandatory password change my domain account shows 'account locked'. Could you unlock it?"],
   "ru": ["После смены пароля утром учётку заблокировало, не могу зайти ни в Outlook, ни в Teams.",
          "опять заблокировали учетку!! вчера поменял пароль а сегодня пишет учетная запись заблокирована",
          "Добрый день, после обязательной смены пароля доменная учётная запись пишет «заблокирована». Разблокируйте, пожалуйста."]},
  "new_phone": {
   "en": ["I got a new phone ({phone_dev}) and the Authenticator app is gone. How do I move MFA to the new phone?",
          "changed my phone, now no MFA codes, can't approve sign-in. help"],
   "ru": ["Поменял телефон на {phone_dev}, Authenticator на старом остался. Как перенести MFA на новый?",
          "сменила телефон, теперь нет кодов MFA, не могу подтвердить вход. помогите"]}},
 "vpn_network": {
  "vpn": {
   "en": ["VPN won't connect from home, error {err}. Internet works fine otherwise.",
          "vpn is down for me since morning, keeps saying {err}. restarted laptop twice",
          "I'm working remotely today and GlobalProtect fails to connect with '{err}'. Is there an outage?"],
   "ru": ["VPN не подключается из дома, ошибка {err}. Интернет при этом работает.",
          "с утра не работает впн, пишет {err}. ноут перезагружал два раза",
          "Работаю сегодня удалённо, GlobalProtect не подключается, ошибка «{err}». Может, какой-то сбой?"]},
  "wifi": {
   "en": ["Wi-Fi on floor {floor} keeps dropping every 10 minutes, Teams calls break up.",
          "office wifi on {floor}th floor is terrible today, disconnects all the time"],
   "ru": ["На {floor} этаже Wi-Fi отваливается каждые 10 минут, звонки в Teams рвутся.",
          "вайфай в офисе на {floor} этаже сегодня ужасный, постоянно отключается"]}},
 "device_compliance": {
  "noncompliant": {
   "en": ["My laptop ({laptop}, {asset}) is marked non-compliant and I lost access to e-mail. Encryption is on, as far as I know.",
          "company portal says my device is not compliant, can't open outlook. what do i need to do?",
          "Intune flagged my {laptop} as non-compliant this morning and now I'm blocked from SharePoint. Asset tag {asset}."],
   "ru": ["Ноутбук ({laptop}, {asset}) помечен как несоответствующий, пропал доступ к почте. Шифрование вроде включено.",
          "корпоративный портал пишет что устройство не соответствует требованиям, outlook не открывается. что делать?",
          "Intune с утра пометил мой {laptop} как non-compliant, теперь нет доступа к SharePoint. Инвентарный {asset}."]},
  "os_update": {
   "en": ["I'm told to update Windows by Friday but the update fails at 30% every time. {laptop}.",
          "macos update keeps failing, and compliance says I have {n} days left"],
   "ru": ["Требуют обновить Windows до пятницы, но обновление каждый раз падает на 30%. {laptop}.",
          "обновление macos не ставится, а в compliance пишут что осталось {n} дней"]}},
 "software_access": {
  "install": {
   "en": ["Please install {app} on my laptop, I need it for the quarterly report.",
          "can I get {app} installed? software center doesn't have it",
          "I need {app} for a new project. My manager has approved it. Asset {asset}."],
   "ru": ["Установите, пожалуйста, {app} на ноутбук, нужен для квартального отчёта.",
          "можно поставить {app}? в центре программ его нет",
          "Для нового проекта нужен {app}. Руководитель согласовал. Инвентарный номер {asset}."]},
  "folder": {
   "en": ["I need read/write access to {folder}. I moved to this team on Monday.",
          "no access to {folder}, says access denied. my colleagues can open it"],
   "ru": ["Нужен доступ на чтение и запись к {folder}. С понедельника перешла в этот отдел.",
          "нет доступа к {folder}, пишет отказано в доступе. у коллег открывается"]}},
 "security_incident": {
  "phish": {
   "en": ["I got a suspicious e-mail pretending to be from {sender} asking me to confirm my password. I didn't click anything.",
          "weird email from '{sender}' with a link to 'review document', looks fake. forwarding it to you",
          "Reporting a phishing attempt: a message from {sender} with an attachment 'invoice.html'. Several people in my team got it."],
   "ru": ["Пришло подозрительное письмо якобы от {sender}, просят подтвердить пароль. Я ничего не нажимала.",
          "странное письмо от «{sender}» со ссылкой «посмотреть документ», похоже на фейк. пересылаю вам",
          "Сообщаю о фишинге: письмо от {sender} с вложением invoice.html. Такое же получили несколько человек в отделе."]},
  "entered": {
   "en": ["I think I entered my password on a fake Microsoft page from a link in an e-mail. What should I do?",
          "oh no, i typed my login and password on a page that looked like our portal, then it just reloaded. i think it was phishing"],
   "ru": ["Кажется, я ввела пароль на поддельной странице Microsoft по ссылке из письма. Что делать?",
          "ввел логин и пароль на странице похожей на наш портал, а она просто перезагрузилась. похоже это был фишинг"]}},
 "lost_device": {
  "laptop": {
   "en": ["I left my work laptop ({laptop}, {asset}) in a taxi last night. Can you lock it?",
          "lost my laptop!! think i left it at the airport in {city}. asset {asset}",
          "My company laptop was stolen from my car today in {city}. The police report is filed. Asset tag {asset}."],
   "ru": ["Вчера вечером оставил рабочий ноутбук ({laptop}, {asset}) в такси. Можно его заблокировать?",
          "потеряла ноутбук!! кажется оставила в аэропорту {city}. инвентарный {asset}",
          "Сегодня в {city} из машины украли рабочий ноутбук. Заявление в полицию подал. Инв. номер {asset}."]},
  "phone": {
   "en": ["My phone ({phone_dev}) with work e-mail and Teams was stolen. Please wipe the company data.",
          "lost my phone with outlook and authenticator on it. need it blocked asap"],
   "ru": ["Украли телефон ({phone_dev}), на нём рабочая почта и Teams. Удалите, пожалуйста, корпоративные данные.",
          "потерял телефон, на нём outlook и authenticator. нужно срочно заблокировать"]}},
}

SUBJ = {
 ("order_delivery", "late"): (["Order not delivered", "Where is my order?", "Delivery delay", "order {order}"],
                              ["Где мой заказ", "Задержка доставки", "Заказ не пришёл", "заказ {order}"]),
 ("order_delivery", "not_received"): (["Marked delivered but not received", "Parcel not received"],
                                      ["Заказ доставлен, но не получен", "Не получила посылку"]),
 ("refund_return", "refund"): (["Refund not received", "Where is my refund", "Return {order}"],
                               ["Не вернули деньги", "Возврат средств", "Возврат по заказу {order}"]),
 ("refund_return", "damaged"): (["Damaged item", "Item arrived broken"], ["Товар повреждён", "Пришёл сломанный товар"]),
 ("payment_issue", "double"): (["Charged twice", "Double payment"], ["Двойное списание", "Списали дважды"]),
 ("payment_issue", "declined"): (["Payment failed but money blocked", "Payment problem"],
                                 ["Оплата не прошла", "Деньги заблокированы"]),
 ("promo_code", "invalid"): (["Promo code not working", "Voucher invalid"], ["Не работает промокод", "Промокод"]),
 ("promo_code", "forgot"): (["Forgot promo code", "Discount for my order"], ["Забыла промокод", "Скидка на заказ"]),
 ("account_access", "no_code"): (["Can't log in", "SMS code not arriving"], ["Не приходит код", "Не могу войти"]),
 ("account_access", "change_email"): (["Change e-mail", "Update account email"], ["Смена почты", "Поменять e-mail"]),
 ("personal_data", "delete"): (["Delete my data", "Account deletion"], ["Удаление данных", "Удалить аккаунт"]),
 ("personal_data", "spam"): (["Unsubscribe", "Stop marketing e-mails"], ["Отписка от рассылки", "Спам от магазина"]),
 ("password_mfa", "locked"): (["Account locked", "Locked out"], ["Учётка заблокирована", "Блокировка учетной записи"]),
 ("password_mfa", "new_phone"): (["MFA on new phone", "New phone - MFA"], ["MFA на новом телефоне", "Сменил телефон"]),
 ("vpn_network", "vpn"): (["VPN not connecting", "VPN error", "vpn"], ["Не работает VPN", "Ошибка VPN", "впн"]),
 ("vpn_network", "wifi"): (["Wi-Fi dropping", "Office Wi-Fi"], ["Wi-Fi в офисе", "Отключается вайфай"]),
 ("device_compliance", "noncompliant"): (["Device non-compliant", "Compliance issue"],
                                         ["Устройство не соответствует", "Compliance"]),
 ("device_compliance", "os_update"): (["OS update fails", "Update problem"], ["Не ставится обновление", "Обновление ОС"]),
 ("software_access", "install"): (["Software install request", "Install {app}"], ["Установка ПО", "Установить {app}"]),
 ("software_access", "folder"): (["Folder access", "Access request"], ["Доступ к папке", "Запрос доступа"]),
 ("security_incident", "phish"): (["Phishing", "Suspicious e-mail"], ["Фишинг", "Подозрительное письмо"]),
 ("security_incident", "entered"): (["Entered password on fake page", "Possible phishing - URGENT"],
                                    ["Ввела пароль на фейковом сайте", "Срочно: фишинг"]),
 ("lost_device", "laptop"): (["Lost laptop", "Laptop stolen"], ["Потерян ноутбук", "Украли ноутбук"]),
 ("lost_device", "phone"): (["Phone stolen", "Lost phone"], ["Украли телефон", "Потерял телефон"]),
}

EXTRA = {
 ("shop", "en"): ["I already waited {n} days.", "Your chat bot didn't help at all.", "Please answer by e-mail, I can't take calls at work.",
                  "Screenshot attached.", "It was a birthday present, so this is urgent.", "I've been a customer for years, this is the first time this happens.",
                  "I paid with Kaspi.", "The hotline kept me on hold for 20 minutes.", "My number is the one in the account.",
                  "Please sort it out quickly."],
 ("shop", "ru"): ["Жду уже {n} дней.", "Чат-бот ничем не помог.", "Ответьте пожалуйста на почту, звонить не могу, на работе.",
                  "Скриншот прикладываю.", "Это подарок на день рождения, очень срочно.", "Давно у вас заказываю, такое впервые.",
                  "Оплачивала через Kaspi.", "На горячей линии продержали 20 минут и ничего.", "Номер телефона тот же что в аккаунте.",
                  "Разберитесь пожалуйста побыстрее."],
 ("it", "en"): ["I have a client meeting at {time}.", "I'm working from home today.", "Restarted twice, no change.",
                "My manager already knows.", "Laptop is {laptop}.", "Colleagues next to me have the same laptop and it works for them.",
                "Please call me on Teams if needed.", "This is blocking my work."],
 ("it", "ru"): ["У меня встреча с клиентом в {time}.", "Сегодня работаю из дома.", "Перезагружал два раза, не помогло.",
                "Руководитель в курсе.", "Ноутбук {laptop}.", "У коллег рядом такой же ноутбук и у них всё работает.",
                "Если что, звоните в Teams.", "Из-за этого не могу работать."],
}

GREET = {"en": ["Hi", "Hello,", "Hi there,", "Good morning,", "Hello support team,", "hey", "Dear Lumo team,", "", "Hi team,",
                "Good afternoon."],
         "ru": ["Здравствуйте!", "Добрый день.", "Добрый вечер,", "Привет", "Здравствуйте, служба поддержки!", "", "Доброе утро!",
                "Здравствуйте", "Добрый день!", "Алло"]}
GREET_IT = {"en": ["Hi IT,", "Hello Service Desk,", "Hi", "Good morning IT team,", "", "hi guys"],
            "ru": ["Коллеги, добрый день!", "Привет, IT", "Здравствуйте!", "Добрый день.", "", "Сервис деск, привет"]}
CLOSE = {"en": ["Thanks", "Thank you in advance", "pls help", "Regards", "Cheers", "", "Thanks a lot!", "Waiting for your reply."],
         "ru": ["Спасибо", "Заранее спасибо", "Жду ответа", "С уважением", "помогите пожалуйста", "", "Спасибо большое!",
                "Жду ответа как можно скорее."]}


def signature(c):
    k = c.sig % 6
    if k == 0:
        return ""
    if k == 1:
        return c.first
    if k == 2:
        return c.name
    if k == 3:
        return "Sent from my iPhone" if c.lang == "en" else "Отправлено с iPhone"
    if k == 4:
        return f"--\n{c.name}\n{c.phone}"
    return f"{c.first} {c.last[0]}."


def typos(text, rate):
    if rate <= 0:
        return text

    def fix(m):
        w = m.group(0)
        if len(w) < 4 or rng.random() > rate:
            return w
        i = rng.randrange(1, len(w) - 1)
        op = rng.randrange(3)
        if op == 0:
            return w[:i] + w[i + 1] + w[i] + w[i + 2:]
        if op == 1:
            return w[:i] + w[i + 1:]
        return w[:i] + w[i] + w[i:]
    return re.sub(r"[^\W\d_]+", fix, text)


MASC_FEM = [("вернул", "вернула"), ("заказывал", "заказывала"), ("получал", "получала"), ("был дома", "была дома"),
            ("оформил", "оформила"), ("пытался", "пыталась"), ("получил", "получила"), ("забыл", "забыла"),
            ("вспомнил", "вспомнила"), ("запрашивал", "запрашивала"), ("отписался", "отписалась"), ("давал", "давала"),
            ("поменял", "поменяла"), ("сменил", "сменила"), ("перешёл", "перешла"), ("перезагружал", "перезагружала"),
            ("нажимал", "нажимала"), ("ввёл", "ввела"), ("ввел", "ввела"), ("оставил", "оставила"), ("потерял", "потеряла"),
            ("подал", "подала"), ("уверен", "уверена"), ("оплачивал", "оплачивала"), ("отправил", "отправила")]


def gender(text, female):
    pairs = [(m, f) for m, f in MASC_FEM] if female else [(f, m) for m, f in MASC_FEM if m != "ввел"]

    def sub(m):
        w = m.group(0)
        for a, b in pairs:
            if w.lower() == a:
                return b.capitalize() if w[0].isupper() else b
        return w
    alt = "|".join(sorted({a for a, _ in pairs}, key=len, reverse=True))
    return re.sub(r"(?<![\w])(" + alt + r")(?![\w(])", sub, text, flags=re.IGNORECASE)


EXTRA_SKIP = {"lost_device": ("Restarted", "Перезагружал", "Colleagues", "У коллег", "Laptop is", "Ноутбук"),
              "security_incident": ("Restarted", "Перезагружал", "Colleagues", "У коллег", "Laptop is", "Ноутбук"),
              "software_access": ("Restarted", "Перезагружал", "Colleagues", "У коллег"),
              "password_mfa": ("Laptop is", "Ноутбук"),
              "personal_data": ("I paid", "Оплачивала", "It was a birthday", "Это подарок", "I already waited", "Жду уже"),
              "account_access": ("I paid", "Оплачивала", "It was a birthday", "Это подарок"),
              "promo_code": ("It was a birthday", "Это подарок")}


def render(c, parts, greet=None, close=None, sig=None, lower=None, typo_rate=None):
    """parts: list of sentences (problem + extras). Returns the opening message body."""
    g = GREET_IT if c.domain == "it" else GREET
    greet = g[c.lang][c.greet % len(g[c.lang])] if greet is None else greet
    close = CLOSE[c.lang][c.close % len(CLOSE[c.lang])] if close is None else close
    sig = signature(c) if sig is None else sig
    body = " ".join(parts)
    lines = [x for x in [greet, body] if x]
    text = "\n".join(lines) if greet and len(greet) > 12 else " ".join(lines)
    if close:
        text += "\n" + close
    if sig:
        text += "\n\n" + sig
    lower = c.lower if lower is None else lower
    if lower:
        # lower-casing the writing, not the signature lines with names
        head, sep, tail = text.partition("\n\n")
        text = head.lower() + sep + tail
    if c.lang == "ru":
        text = gender(text, c.female)
    rate = c.typo_rate if typo_rate is None else typo_rate
    return typos(text, rate)


def problem(c, scen, sub=None, phr=None, when=None, sl=None, n_extra=None):
    subs = list(P[scen].keys())
    sub = sub or rng.choice(subs)
    lst = P[scen][sub][c.lang]
    phr = rng.randrange(len(lst)) if phr is None else phr
    sl = dict(sl or slots(c.lang, when))
    if "email_new" not in sl:
        sl["email_new"] = translit(c.first).lower() + str(rng.randint(10, 99)) + "@" + rng.choice(SHOP_MAIL)
    parts = [lst[phr].format(**sl)]
    dom = c.domain
    n_extra = rng.choice([0, 1, 1, 2]) if n_extra is None else n_extra
    pool = [e for e in EXTRA[(dom, c.lang)] if not e.startswith(EXTRA_SKIP.get(scen, ("\0",)))]
    for e in rng.sample(pool, n_extra):
        parts.append(e.format(**sl))
    return {"scen": scen, "sub": sub, "phr": phr, "slots": sl, "parts": parts}


def subject(c, pr):
    en, ru = SUBJ[(pr["scen"], pr["sub"])]
    s = rng.choice(en if c.lang == "en" else ru).format(**pr["slots"])
    if rng.random() < 0.08:
        s = "(no subject)" if c.lang == "en" else "(без темы)"
    return s.lower() if c.lower else s


# ----------------------------------------------------------------------------- agents & follow-ups
AGENTS = {("shop", "en"): ["Kate Morgan", "Ruslan Aliyev", "Dana Sarsenova"],
          ("shop", "ru"): ["Наталья Смирнова", "Салтанат Сейткалиева", "Ержан Муканов"],
          ("it", "en"): ["Mark Evans", "Aliya Zhaksybekova"],
          ("it", "ru"): ["Виталий Ким", "Гаухар Нурпеисова"]}

AGENT_REPLY = {
 "en": ["Hello {first}, thank you for writing to us. I'm checking this now and will get back to you shortly.",
        "Hi {first}, thanks for the details. I've passed this to the responsible team; you'll get an update within 24 hours.",
        "Dear {first}, could you please confirm the order number and the phone number on your account?",
        "Hi {first}, I can see the issue on our side. It should be fixed now, please check and let me know."],
 "ru": ["Здравствуйте, {first}! Спасибо за обращение, уже проверяю и скоро вернусь с ответом.",
        "{first}, добрый день. Передал(а) ваше обращение профильной команде, ответ будет в течение 24 часов.",
        "{first}, уточните, пожалуйста, номер заказа и телефон, привязанный к аккаунту.",
        "{first}, вижу проблему на нашей стороне. Сейчас должно работать, проверьте, пожалуйста."]}
AGENT_REPLY_IT = {
 "en": ["Hi {first}, Service Desk here. I'm looking into it, ticket assigned to me.",
        "Hi {first}, please try again now and let me know if the problem persists.",
        "Hi {first}, could you send a screenshot of the error and your asset tag?",
        "Hi {first}, I've escalated this to second line, they will contact you today."],
 "ru": ["{first}, добрый день! Service Desk, взял(а) заявку в работу.",
        "{first}, попробуйте, пожалуйста, ещё раз и напишите, если проблема останется.",
        "{first}, пришлите, пожалуйста, скриншот ошибки и инвентарный номер ноутбука.",
        "{first}, передал(а) заявку на вторую линию, с вами свяжутся сегодня."]}
FOLLOW = {"en": ["ok thanks", "still nothing...", "The order number is {order}.", "Thanks, it works now.",
                 "Any news?", "I sent the screenshot.", "ok, waiting"],
          "ru": ["ок спасибо", "до сих пор ничего...", "Номер заказа {order}.", "Спасибо, заработало.",
                 "Есть новости?", "Скриншот отправил(а).", "хорошо, жду"]}
MERGED = {"en": "Hi {first}, this looks like a copy of your earlier request, we are already working on it there.",
          "ru": "{first}, это обращение дублирует ваше предыдущее, мы уже занимаемся им там."}


def agent_comment(c, when, text=None, agent=None):
    agent = agent or rng.choice(AGENTS[(c.domain, c.lang)])
    pool = AGENT_REPLY_IT if c.domain == "it" else AGENT_REPLY
    first = c.first
    body = (text or rng.choice(pool[c.lang])).format(first=first)
    sig = ("\n\n" + agent + (", Lumo support" if c.domain == "shop" else ", IT Service Desk")) if rng.random() < 0.6 else ""
    return {"author": "agent", "author_name": agent, "created_at": iso(when), "body": body + sig}


def iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def thread(c, when, first_body, pr, n=None, merged_note=False):
    n = n or rng.choice([1, 2, 2, 2, 3, 3, 4])
    com = [{"author": "requester", "author_name": c.name if rng.random() < 0.85 else c.first,
            "created_at": iso(when), "body": first_body}]
    t = when
    agent = rng.choice(AGENTS[(c.domain, c.lang)])
    for i in range(1, n):
        t = t + timedelta(minutes=rng.randint(7, 60 * 20))
        if i % 2 == 1:
            if merged_note and i == 1:
                com.append(agent_comment(c, t, MERGED[c.lang], agent))
            else:
                com.append(agent_comment(c, t, None, agent))
        else:
            fb = rng.choice(FOLLOW[c.lang]).format(order=pr["slots"]["order"])
            com.append({"author": "requester", "author_name": c.name, "created_at": iso(t),
                        "body": fb.lower() if c.lower else fb})
    return com


# ----------------------------------------------------------------------------- tickets
T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)
T1 = datetime(2026, 7, 25, tzinfo=timezone.utc)
tickets = []   # dicts with internal key "_k"
_k = [0]


def rand_time(lo=T0, hi=T1):
    span = int((hi - lo).total_seconds())
    dt = lo + timedelta(seconds=rng.randrange(span))
    # office-ish hours mostly (UTC+5 local)
    if rng.random() < 0.8:
        dt = dt.replace(hour=rng.randint(2, 15), minute=rng.randrange(60))
    return dt


def norm(s):
    s = s.lower()
    s = re.sub(r"\d", "0", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def similar(a, b, thr):
    sm = SequenceMatcher(None, a, b, autojunk=False)
    return sm.real_quick_ratio() >= thr and sm.quick_ratio() >= thr and sm.ratio() >= thr


openings = []   # (unit, family, normalized opening)
CLASH = 0.72


def clashes(body, unit, family=None):
    nb = norm(body)
    for u, fam, o in openings:
        if u == unit or (family is not None and fam == family):
            continue
        if similar(nb, o, CLASH):
            return True
    return False


def pick(c, scen, unit, sub=None, phr=None, when=None, n_extra=None, tries=40, render_kw=None):
    """A problem and an opening body that is not near-identical to any other unit's opening."""
    for i in range(tries):
        pr = problem(c, scen, sub=sub, phr=phr, when=when, n_extra=n_extra)
        if i >= 3:   # vary the habits of a first-time writer
            c.greet, c.close = rng.randrange(100), rng.randrange(100)
        if i >= 10 and n_extra is None:
            pr = problem(c, scen, sub=sub, phr=phr, when=when, n_extra=2)
        body = render(c, pr["parts"], **(render_kw or {}))
        if not clashes(body, unit):
            return pr, body
    raise RuntimeError(f"cannot make a distinct opening for {scen}/{sub}/{phr}")


def add(c, when, pr, body=None, subj=None, tagged=None, requester=None, comments=None, n=None, merged_note=False,
        extra_tags=(), unit=None, family=None):
    body = body if body is not None else render(c, pr["parts"])
    openings.append((unit, family, norm(body)))
    tagged = (rng.random() < 0.7) if tagged is None else tagged
    tags = [f"lang:{c.lang}"]
    if tagged:
        tags.append(f"scenario:{pr['scen']}")
    tags += list(extra_tags)
    if rng.random() < 0.3:
        tags.append(rng.choice(["channel:email", "channel:web", "channel:app"]) if c.domain == "shop"
                    else rng.choice(["channel:email", "channel:portal"]))
    _k[0] += 1
    t = {"_k": _k[0], "_when": when, "_unit": unit, "subject": subj if subj is not None else subject(c, pr), "created_at": iso(when),
         "requester": requester or c.requester(), "tags": tags,
         "comments": comments or thread(c, when, body, pr, n=n, merged_note=merged_note),
         "_c": c, "_pr": pr}
    tickets.append(t)
    return t


def new_cust(lang=None, domain=None, **kw):
    lang = lang or rng.choice(["en", "ru"])
    domain = domain or rng.choice(["shop", "it"])
    return Cust(lang, domain, **kw)


def scen_for(domain):
    return rng.choice(SHOP if domain == "shop" else IT)


groups, pairs = [], []
designed = set()  # keys of tickets placed in a designed relation


def LANG(i):
    return "en" if i % 2 == 0 else "ru"


# ---- 1. duplicate groups -----------------------------------------------------------------
RESEND_PREFIX = {"en": ["Writing again as nobody answered.", "Resending, no reply yet.", "2nd time writing!!",
                        "Sorry if this is a duplicate, not sure the first message went through."],
                 "ru": ["Пишу повторно, ответа нет.", "Дублирую обращение, никто не ответил.", "Пишу второй раз!!",
                        "Извините, если дубль, не уверена, что первое сообщение ушло."]}
ADDED_LINE = {"en": ["P.S. order number is {order}", "upd: still nothing.", "Forgot to say: my phone is {phone}.",
                     "Adding a screenshot.", "It's urgent, please."],
              "ru": ["P.S. номер заказа {order}", "upd: всё ещё ничего.", "Забыла написать: мой телефон {phone}.",
                     "Прикладываю скриншот.", "Это срочно, пожалуйста."]}
DUP_KINDS = ["exact", "exact", "typo_fix", "typo_fix", "line_added", "line_added", "greeting", "resend_prefix",
             "combo", "combo"]


def edit(c, pr, kind, greet_i, close_i):
    """One customer re-send of the same problem with a small edit. Returns a body."""
    g = (GREET_IT if c.domain == "it" else GREET)[c.lang]
    base_g, base_c = g[greet_i % len(g)], CLOSE[c.lang][close_i % len(CLOSE[c.lang])]
    if kind == "typo_fix":
        return render(c, pr["parts"], greet=base_g, close=base_c, typo_rate=0.0)
    if kind == "line_added":
        line = rng.choice(ADDED_LINE[c.lang]).format(order=pr["slots"]["order"], phone=c.phone)
        return render(c, pr["parts"] + [line], greet=base_g, close=base_c, typo_rate=0.0)
    if kind == "greeting":
        ng = rng.choice([x for x in g if x != base_g])
        return render(c, pr["parts"], greet=ng, close=base_c, typo_rate=0.0)
    if kind == "resend_prefix":
        return render(c, [rng.choice(RESEND_PREFIX[c.lang])] + pr["parts"], greet=base_g, close=base_c, typo_rate=0.0)
    # combo: new greeting + one extra line, no close
    ng = rng.choice([x for x in g if x != base_g])
    line = rng.choice(ADDED_LINE[c.lang]).format(order=pr["slots"]["order"], phone=c.phone)
    return render(c, pr["parts"] + [line], greet=ng, close=rng.choice(CLOSE[c.lang]), typo_rate=0.0)


dup_meta = []
N_GROUPS = 48
for gi in range(N_GROUPS):
    lang = LANG(gi)
    dom = "shop" if gi % 4 < 2 else "it"
    c = Cust(lang, dom)
    if c.typo_rate == 0:
        c.typo_rate = 0.04  # so that a "typo fixed" re-send differs
    scen = scen_for(dom)
    when = rand_time()
    U = ("dup", gi)
    pr, first_body = pick(c, scen, U, when=when)
    kind = DUP_KINDS[gi % len(DUP_KINDS)]
    size = 3 if gi % 3 == 0 else 2
    tagged = rng.random() < 0.7
    subj = subject(c, pr)
    if gi in (5, 17, 29):  # whole conversation exported twice (same conversation, same times)
        t1 = add(c, when, pr, body=first_body, subj=subj, tagged=tagged, unit=U)
        t2 = add(c, when, pr, body=first_body, subj=subj, tagged=tagged, comments=json.loads(json.dumps(t1["comments"])),
                 unit=U)
        members = [t1, t2]
        kinds = ["glitch"]
        if size == 3:
            t3 = add(c, when + timedelta(minutes=rng.randint(2, 30)), pr, body=first_body, subj=subj, tagged=tagged, n=1,
                     unit=U)
            members.append(t3)
            kinds.append("exact")
    else:
        t1 = add(c, when, pr, body=first_body, subj=subj, tagged=tagged, unit=U)
        members, kinds = [t1], []
        t = when
        for j in range(1, size):
            k = kind if j == 1 else rng.choice(["exact", "line_added", "resend_prefix", "greeting"])
            if k == "exact":
                t = t + timedelta(minutes=rng.randint(1, 20))
                body = first_body
            else:
                t = t + timedelta(minutes=rng.randint(10, int(60 * 72 / (size))))
                body = edit(c, pr, k, c.greet, c.close)
            if (t - when) > timedelta(days=3):
                t = when + timedelta(hours=rng.randint(1, 70))
            req = c.requester()
            rv = rng.random()
            if rv < 0.12:   # same person, other mailbox
                req = dict(req, email=translit(c.first).lower() + "." + translit(c.last).lower() + str(rng.randint(1, 9))
                           + "@" + rng.choice(SHOP_MAIL))
            elif rv < 0.22 and lang == "ru":  # name in Latin letters this time
                req = dict(req, name=translit(c.name))
            s2 = subj if rng.random() < 0.6 else (("Re: " if lang == "en" else "повторно: ") + subj)
            members.append(add(c, t, pr, body=body, subj=s2, tagged=tagged, requester=req,
                               n=rng.choice([1, 1, 2]), merged_note=rng.random() < 0.4, unit=U))
            kinds.append(k)
    groups.append([m["_k"] for m in members])
    dup_meta.append(kinds)
    for m in members:
        designed.add(m["_k"])

# some duplicate senders also come back months later (other order) or same day with another problem
later_from_dups = []
for gi in rng.sample(range(N_GROUPS), 6):
    first = next(t for t in tickets if t["_k"] == groups[gi][0])
    later_from_dups.append(first)


# ---- 2. paraphrases: same problem, different words, different customers --------------------
for ci in range(10):
    lang = LANG(ci)
    dom = "shop" if ci % 4 in (0, 3) else "it"
    scen = scen_for(dom)
    sub = list(P[scen].keys())[0]  # the 3-phrasing sub-problem
    day = rand_time()
    members = []
    for pi, phr in enumerate(rng.sample(range(3), 3 if ci % 4 in (0, 1) else 2)):
        c = Cust(lang, dom)
        when = day + timedelta(minutes=rng.randint(0, 60 * 48))
        pr, body = pick(c, scen, ("para", ci), sub=sub, phr=phr, when=when)
        members.append(add(c, when, pr, body=body, unit=("para", ci)))
    for a, b in combinations(members, 2):
        pairs.append([a["_k"], b["_k"], R_PARA])
    designed.update(m["_k"] for m in members)

# ---- 3. web-form template, different customers ----------------------------------------------
FORM = {
 ("shop", "en"): ("Contact form submission\nName: {name}\nE-mail: {email}\nPhone: {phone}\nOrder number: {order}\n"
                  "Topic: {topic}\nMessage: {msg}\n---\nSent from lumo-shop.example/contact"),
 ("shop", "ru"): ("Заявка с формы обратной связи\nИмя: {name}\nE-mail: {email}\nТелефон: {phone}\nНомер заказа: {order}\n"
                  "Тема обращения: {topic}\nСообщение: {msg}\n---\nОтправлено с lumo-shop.example/contact"),
 ("it", "en"): ("[Self-service portal request]\nRequester: {name}\nE-mail: {email}\nDepartment: {dept}\nLocation: {city}\n"
                "Category: {topic}\nAsset: {asset}\nDescription: {msg}\nUrgency: {urg}"),
 ("it", "ru"): ("[Заявка с портала самообслуживания]\nЗаявитель: {name}\nE-mail: {email}\nОтдел: {dept}\nГород: {city}\n"
                "Категория: {topic}\nИнв. номер: {asset}\nОписание: {msg}\nСрочность: {urg}"),
}
TOPIC = {"order_delivery": ("Delivery", "Доставка"), "refund_return": ("Return / refund", "Возврат"),
         "payment_issue": ("Payment", "Оплата"), "promo_code": ("Promo codes", "Промокоды"),
         "account_access": ("My account", "Личный кабинет"), "personal_data": ("Personal data", "Персональные данные"),
         "password_mfa": ("Password / MFA", "Пароль / MFA"), "vpn_network": ("Network / VPN", "Сеть / VPN"),
         "device_compliance": ("Device compliance", "Соответствие устройства"),
         "software_access": ("Software / access", "ПО / доступы"), "security_incident": ("Security", "Безопасность"),
         "lost_device": ("Lost / stolen device", "Утеря устройства")}
DEPTS = {"en": ["Finance", "Sales", "HR", "Logistics", "Marketing", "Legal", "Procurement"],
         "ru": ["Финансы", "Продажи", "HR", "Логистика", "Маркетинг", "Юридический", "Закупки"]}


def form_body(c, scen, sub, phr, when):
    sl = slots(c.lang, when)
    sl["email_new"] = translit(c.first).lower() + str(rng.randint(10, 99)) + "@" + rng.choice(SHOP_MAIL)
    msg = P[scen][sub][c.lang][phr].format(**sl)
    tpl = FORM[(c.domain, c.lang)]
    body = tpl.format(name=c.name, email=c.email, phone=c.phone, order=sl["order"],
                      topic=TOPIC[scen][0 if c.lang == "en" else 1], msg=msg, dept=rng.choice(DEPTS[c.lang]),
                      city=sl["city"], asset=sl["asset"],
                      urg=rng.choice(["Medium", "High"] if c.lang == "en" else ["Средняя", "Высокая"]))
    pr = {"scen": scen, "sub": sub, "phr": phr, "slots": sl, "parts": [msg]}
    return body, pr


for fi in range(10):
    lang = LANG(fi)
    dom = "shop" if fi % 4 < 2 else "it"
    scen = scen_for(dom)
    sub = rng.choice(list(P[scen].keys()))
    phr = rng.randrange(len(P[scen][sub][lang]))     # same wording: people pick the same form text
    size = rng.choice([2, 3, 3, 4])
    base = rand_time()
    members = []
    for m in range(size):
        c = Cust(lang, dom)
        when = base + timedelta(hours=rng.randint(0, 24 * 20))
        body, pr = form_body(c, scen, sub, phr, when)
        subj = ("Contact form: " if lang == "en" else "Форма обратной связи: ") + TOPIC[scen][0 if lang == "en" else 1] \
            if dom == "shop" else ("Portal: " if lang == "en" else "Портал: ") + TOPIC[scen][0 if lang == "en" else 1]
        members.append(add(c, when, pr, body=body, subj=subj, extra_tags=["channel:web" if dom == "shop" else "channel:portal"],
                           unit=("form", fi), family=("form", dom, lang)))
    for a, b in combinations(members, 2):
        pairs.append([a["_k"], b["_k"], R_FORM])
    designed.update(m["_k"] for m in members)

# a customer submitting the same form twice IS a duplicate
for fi in range(4):
    lang = LANG(fi)
    dom = "shop" if fi < 2 else "it"
    c = Cust(lang, dom)
    scen = scen_for(dom)
    sub = rng.choice(list(P[scen].keys()))
    when = rand_time()
    body, pr = form_body(c, scen, sub, 0, when)
    subj = ("Contact form: " if lang == "en" else "Форма обратной связи: ") + TOPIC[scen][0 if lang == "en" else 1]
    tagged = rng.random() < 0.7
    a = add(c, when, pr, body=body, subj=subj, tagged=tagged, unit=("formdup", fi), family=("form", dom, lang))
    b = add(c, when + timedelta(minutes=rng.randint(1, 90)), pr, body=body, subj=subj, tagged=tagged, n=rng.choice([1, 2]),
            unit=("formdup", fi), family=("form", dom, lang))
    groups.append([a["_k"], b["_k"]])
    dup_meta.append(["form_twice"])
    designed.update([a["_k"], b["_k"]])

# ---- 4. same customer months later, another order ---------------------------------------
E = datetime(2026, 3, 31, tzinfo=timezone.utc)
for li in range(20):
    lang = LANG(li)
    dom = "shop" if li % 3 < 2 else "it"
    c = Cust(lang, dom)
    scen = scen_for(dom)
    when1 = rand_time(T0, E)
    U = ("later", li)
    pr1, b1 = pick(c, scen, U, when=when1)
    t1 = add(c, when1, pr1, body=b1, unit=U)
    when2 = when1 + timedelta(days=rng.randint(55, 150), hours=rng.randint(-5, 5))
    if li % 5 == 4:   # other sub-problem of the same scenario
        sub2 = [s for s in P[scen] if s != pr1["sub"]][0]
        pr2, b2 = pick(c, scen, U, sub=sub2, when=when2)
    else:             # same kind of problem, same habits of writing, another order
        pr2, b2 = pick(c, scen, U, sub=pr1["sub"], phr=pr1["phr"] if li % 2 == 0 else None, when=when2,
                       n_extra=len(pr1["parts"]) - 1)
    t2 = add(c, when2, pr2, body=b2, unit=U, tagged=("scenario:" + scen) in " ".join(t1["tags"]) if rng.random() < 0.8 else None)
    pairs.append([t1["_k"], t2["_k"], R_LATER])
    designed.update([t1["_k"], t2["_k"]])

for t in later_from_dups:   # duplicate senders writing again months later
    c, pr1 = t["_c"], t["_pr"]
    when2 = t["_when"] + timedelta(days=rng.randint(60, 120))
    if when2 > T1 + timedelta(days=60):
        when2 = t["_when"] - timedelta(days=rng.randint(60, 90))
    pr2, b2 = pick(c, pr1["scen"], t["_unit"], sub=pr1["sub"], when=when2)
    t2 = add(c, when2, pr2, body=b2, unit=t["_unit"], tagged=any(x.startswith("scenario:") for x in t["tags"]))
    g = next(g for g in groups if t["_k"] in g)
    for k in g:
        pairs.append([k, t2["_k"], R_LATER])
    designed.add(t2["_k"])

# ---- 5. shared long boilerplate, different problems ---------------------------------------
DISCLAIMER = {
 "en": ("\n\n--\n{name}\n{dept} | Lumo Group JSC\n{city}, Al-Farabi Ave 77/7, Esentai Tower, 12th floor\nMobile: {phone}\n\n"
        "CONFIDENTIALITY NOTICE: This e-mail message, including any attachments, is for the sole use of the intended "
        "recipient(s) and may contain confidential and privileged information. Any unauthorized review, use, disclosure or "
        "distribution is prohibited. If you are not the intended recipient, please contact the sender by reply e-mail and "
        "destroy all copies of the original message. Please consider the environment before printing this e-mail."),
 "ru": ("\n\n--\nС уважением,\n{name}\n{dept} | АО «Lumo Group»\n{city}, пр. Аль-Фараби 77/7, БЦ Esentai Tower, 12 этаж\n"
        "Моб.: {phone}\n\nКОНФИДЕНЦИАЛЬНО: Данное сообщение и все приложения к нему предназначены исключительно для "
        "указанных адресатов и могут содержать конфиденциальную информацию. Если вы получили это письмо по ошибке, "
        "пожалуйста, сообщите отправителю и удалите сообщение. Любое несанкционированное использование, копирование или "
        "распространение запрещено. Пожалуйста, подумайте об окружающей среде, прежде чем распечатывать это письмо."),
}
APPBLOCK = {
 "en": ("\n\n----- sent from the Lumo app -----\nApp version: 5.{v}.2 (build 88{b})\nDevice: {dev}\nOS: {os}\n"
        "Account: {email}\nRegion: Kazakhstan\nLanguage: English\nNetwork: Wi-Fi\nPush notifications: enabled\n"
        "Please do not remove this block, it helps our support team to resolve your issue faster."),
 "ru": ("\n\n----- отправлено из приложения Lumo -----\nВерсия приложения: 5.{v}.2 (сборка 88{b})\nУстройство: {dev}\n"
        "ОС: {os}\nАккаунт: {email}\nРегион: Казахстан\nЯзык: русский\nСеть: Wi-Fi\nPush-уведомления: включены\n"
        "Пожалуйста, не удаляйте этот блок, он помогает службе поддержки быстрее решить ваш вопрос."),
}
B2B = {
 "ru": ("Добрый день, уважаемая служба поддержки интернет-магазина Lumo!\nОбращаемся к вам от лица ТОО «{co}», "
        "корпоративного клиента по договору оптовых закупок, с просьбой рассмотреть следующий вопрос в приоритетном "
        "порядке.\n\n{msg}\n\nБлагодарим за сотрудничество и надеемся на дальнейшую плодотворную работу.\n\n"
        "С уважением,\n{name}\nменеджер по закупкам ТОО «{co}»\nБИН 1807400{b}\n{city}, ул. Толе би 101, офис 15\n"
        "тел. {phone}"),
 "en": ("Dear Lumo customer support team,\nI am writing on behalf of {co} LLP, a corporate client under the wholesale "
        "purchase agreement, and kindly ask you to treat the following matter with priority.\n\n{msg}\n\nThank you for "
        "your cooperation, we look forward to continuing our successful partnership.\n\nKind regards,\n{name}\n"
        "Procurement manager, {co} LLP\nBIN 1807400{b}\n{city}, 101 Tole Bi St., office 15\nphone {phone}"),
}
COMPANIES = {"ru": ["Арман Трейд", "Алтын Маркет", "Сарыарка Снаб"], "en": ["Steppe Supply", "Nomad Office", "Kazakh Retail Group"]}

FAMILIES = [("disclaimer", "en", 5), ("disclaimer", "ru", 5), ("app", "en", 4), ("app", "ru", 4),
            ("b2b", "ru", 3), ("b2b", "en", 2), ("b2b_same", "ru", 3), ("b2b_same", "en", 2)]
fam_scens = {}   # every problem within one boilerplate family is a different scenario
for kind, lang, size in FAMILIES:
    k = (kind.replace("_same", ""), lang)
    fam_scens[k] = fam_scens.get(k, 0) + size
fam_scens = {k: rng.sample(IT if k[0] == "disclaimer" else SHOP, n) for k, n in fam_scens.items()}
for bi, (kind, lang, size) in enumerate(FAMILIES):
    dom = "it" if kind == "disclaimer" else "shop"
    fam = ("boiler", kind.replace("_same", ""), lang)
    scen_pool = IT if dom == "it" else SHOP
    scens = [fam_scens[(kind.replace("_same", ""), lang)].pop() for _ in range(size)]
    co = COMPANIES[lang][0] if kind.startswith("b2b") else COMPANIES[lang][bi % 3]   # one corporate client per language
    b = str(10000 + 7919 * len(lang) + (17 if lang == "ru" else 0))
    base = rand_time(T0, datetime(2026, 5, 1, tzinfo=timezone.utc))
    members = []
    dept = rng.choice(DEPTS[lang])
    city = (CITIES_EN if lang == "en" else CITIES_RU)[0 if kind.startswith("b2b") else rng.randrange(5)]
    shared_c = Cust(lang, dom) if kind == "b2b_same" else None   # one buyer, several unrelated requests
    for m in range(size):
        c = shared_c or Cust(lang, dom)
        when = base + timedelta(days=rng.randint(0, 80) if kind != "b2b_same" else 9 * m + rng.randint(0, 5),
                                hours=rng.randint(0, 9))
        pr = problem(c, scens[m], when=when, n_extra=0)
        if kind == "disclaimer":
            body = render(c, pr["parts"], sig="", close="") + DISCLAIMER[lang].format(
                name=c.name, dept=rng.choice(DEPTS[lang]), city=city, phone=c.phone)
        elif kind == "app":
            body = render(c, pr["parts"], sig="", close="") + APPBLOCK[lang].format(
                v=rng.randint(10, 14), b=rng.randint(10, 99), dev=rng.choice(PHONES_DEV),
                os=rng.choice(["iOS 17.4", "iOS 18.1", "Android 14", "Android 13"]), email=c.email)
        else:
            body = B2B[lang].format(co=co, msg=" ".join(pr["parts"]), name=c.name, b=b, city=city, phone=c.phone)
        members.append(add(c, when, pr, body=body, unit=("boiler", bi), family=fam))
    for a_, b2 in combinations(members, 2):
        pairs.append([a_["_k"], b2["_k"], R_BOILER])
    designed.update(m["_k"] for m in members)

# tickets of one template family in different clusters look alike too: those pairs must stay apart as well
fam_reason = {"form": R_FORM, "boiler": R_BOILER}
have = {frozenset((a, b)) for a, b, _ in pairs}
by_fam = {}
for t, (u, fam, o) in zip(tickets, openings):
    if fam is not None:
        by_fam.setdefault(fam, []).append((t, o))
for fam, lst in by_fam.items():
    for (ta, oa), (tb, ob) in combinations(lst, 2):
        if ta["_unit"] == tb["_unit"] or frozenset((ta["_k"], tb["_k"])) in have:
            continue
        if similar(oa, ob, 0.7):
            pairs.append([ta["_k"], tb["_k"], fam_reason[fam[0]]])
            have.add(frozenset((ta["_k"], tb["_k"])))

# ---- 6. same customer, same day, two different problems -----------------------------------
for si in range(18):
    lang = LANG(si)
    dom = "shop" if si % 3 < 2 else "it"
    c = Cust(lang, dom)
    when1 = rand_time()
    s1 = scen_for(dom)
    U = ("sameday", si)
    pr1, b1 = pick(c, s1, U, when=when1)
    if si % 3 == 2:   # same scenario, other sub-problem (e.g. another order)
        s2 = s1
        pr2, b2 = pick(c, s2, U, sub=[s for s in P[s1] if s != pr1["sub"]][0], when=when1)
    else:
        s2 = rng.choice([s for s in (SHOP if dom == "shop" else IT) if s != s1])
        pr2, b2 = pick(c, s2, U, when=when1)
    t1 = add(c, when1, pr1, body=b1, unit=U)
    t2 = add(c, when1 + timedelta(minutes=rng.randint(15, 60 * 8)), pr2, body=b2, unit=U)
    pairs.append([t1["_k"], t2["_k"], R_SAMEDAY])
    designed.update([t1["_k"], t2["_k"]])

# ---- 7. background: one ticket per customer ------------------------------------------------
def opening(t):
    return norm(t["comments"][0]["body"])


N_BG = 120
for bg in range(N_BG):
    lang = LANG(bg)
    dom = rng.choice(["shop", "it"])
    c = Cust(lang, dom)
    when = rand_time()
    pr, body = pick(c, scen_for(dom), ("bg", bg), when=when)
    add(c, when, pr, body=body, unit=("bg", bg))

# ----------------------------------------------------------------------------- ids, checks, output
tickets.sort(key=lambda t: (t["_when"], t["_k"]))
kid = {}
nid = 418000
for t in tickets:
    nid += rng.randint(1, 9)
    kid[t["_k"]] = nid
    t["id"] = nid

groups_id = [sorted(kid[k] for k in g) for g in groups]
pairs_id = [[kid[a], kid[b], r] for a, b, r in pairs]

# sanity checks
ids = [t["id"] for t in tickets]
assert len(ids) == len(set(ids))
in_group = {}
for gi, g in enumerate(groups_id):
    for i in g:
        assert i not in in_group
        in_group[i] = gi
byid = {t["id"]: t for t in tickets}
for g in groups_id:
    ts = [byid[i] for i in g]
    span = max(t["_when"] for t in ts) - min(t["_when"] for t in ts)
    assert span <= timedelta(days=3), (g, span)
    assert len({t["_c"].name for t in ts}) == 1
for a, b, r in pairs_id:
    assert in_group.get(a, -1) != in_group.get(b, -2) or a not in in_group
for t in tickets:
    assert 1 <= len(t["comments"]) <= 4 and t["comments"][0]["author"] == "requester"
    ts = [x["created_at"] for x in t["comments"]]
    assert ts == sorted(ts)

# accidental near-identical pairs outside the plan (report only)
grouped = set(in_group)
planned = {frozenset((a, b)) for a, b, _ in pairs_id}
hi = []
ops = [(t["id"], opening(t)) for t in tickets]
for (i, a), (j, b) in combinations(ops, 2):
    if frozenset((i, j)) in planned or (i in in_group and in_group.get(i) == in_group.get(j)):
        continue
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() >= 0.8 and sm.quick_ratio() >= 0.8 and sm.ratio() >= 0.8:
        hi.append((i, j, round(sm.ratio(), 2)))

export = {"tickets": [{k: t[k] for k in ["id", "subject", "created_at", "requester", "tags", "comments"]}
                      for t in sorted(tickets, key=lambda t: t["id"])]}
truth = {"duplicate_groups": groups_id, "must_not_merge": pairs_id,
         "notes": {"seed": SEED,
                   "duplicate_kinds": {",".join(map(str, g)): k for g, k in zip(groups_id, dup_meta)},
                   "reasons": [R_PARA, R_FORM, R_LATER, R_BOILER, R_SAMEDAY],
                   "unplanned_similar_openings_ge_0.8": hi}}
with open(os.path.join(OUT, "export4.json"), "w", encoding="utf-8") as f:
    json.dump(export, f, ensure_ascii=False, indent=1)
with open(os.path.join(OUT, "truth4.json"), "w", encoding="utf-8") as f:
    json.dump(truth, f, ensure_ascii=False, indent=1)

from collections import Counter
langs = Counter(next(x for x in t["tags"] if x.startswith("lang:")) for t in tickets)
tagged = sum(any(x.startswith("scenario:") for x in t["tags"]) for t in tickets)
dom = Counter(t["_c"].domain for t in tickets)
print(f"tickets {len(tickets)}  {dict(langs)}  {dict(dom)}  scenario-tagged {tagged} ({tagged / len(tickets):.0%})")
print(f"duplicate groups {len(groups_id)} (sizes {dict(Counter(len(g) for g in groups_id))}), "
      f"tickets in groups {sum(map(len, groups_id))}")
print("must_not_merge", len(pairs_id), dict(Counter(r for _, _, r in pairs_id)))
print("unplanned similar openings (>=0.8):", len(hi), hi[:10])
