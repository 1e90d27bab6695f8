"""Words for the benchmark corpus (see corpus.py): each language's common words, the words of
news about business and technology, and the page chrome that sites repeat on every page.

The lists are short on purpose; corpus.py makes the long tail (names, inflections, German
compounds) from them, so that the vocabulary of a large sheet runs into tens of thousands
of word forms, as real text does.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


ENGLISH_FUNCTION = _words(
    """the of and to in a that is for on it with as was by at from be this
have are has an not but or which its their they he she we said would will could been more
than about after also over into who when there one all were had new two so if our can up
out just only what most some because those these other like no any many while such may
under between both before during since where how very much then through against even"""
)

ENGLISH_CONTENT = _words(
    """company market phone phones smartphone smartphones hardware software
profit profits revenue revenues sales price prices cost costs margin margins growth quarter
year years month billion million percent share shares investor investors founder chief
executive officer analyst analysts report reports government regulator regulators court
internet services service platform platforms users user data privacy security battery
chargers charger factory factories supplier suppliers brand brands store stores online
retail retailer customers customer model models device devices television televisions
fitness band bands cooker cookers purifier purifiers scooter scooters router routers
camera cameras screen screens chip chips network networks subscription advertising ads
apps app developer developers startup startups valuation funding round rounds deal deals
merger acquisition shareholders board statement statements interview interviews claim
claims evidence figures figure numbers estimate estimates forecast forecasts decline rise
fall increase decrease loss losses debt cash dividend earnings competition competitor
competitors rival rivals china india europe america japan korea germany france beijing
shanghai shenzhen hong kong london berlin paris washington brussels city cities country
countries province region regional national global local worldwide people workers worker
employees staff union strike wages wage price-war strategy plan plans launch launches
product products line lines version release update updates feature features design
engineers engineering research study survey poll election minister ministry policy law
laws rule rules tax taxes tariff tariffs trade exports imports economy economic
financial finance bank banks loan loans fund funds capital stock stocks exchange listing
public private official officials spokesman spokeswoman source sources document
documents records filing filings audit auditor profitability hardware-maker maker makers
manufacturer manufacturers production capacity shipment shipments inventory demand supply
consumer consumers household households energy electricity car cars vehicle vehicles
electric charging station stations test tests safety recall recalls defect defects fire
complaint complaints lawsuit lawsuits fine fines ban bans approval license licence
network-operator carrier carriers subscriber subscribers broadband cable content media
newspaper newspapers magazine reporter reporters editor editors article articles story
stories headline headlines page pages website websites blog post posts comment comments
video videos photo photos image images week weeks day days morning evening today
yesterday tomorrow earlier later recently previously record records rate rates level
levels average total half third quarterly annual annually monthly weekly strong weak
cheap expensive low high higher lower biggest largest smallest fastest slowest early late
major minor key main new old young senior former current future past recent likely
unlikely possible impossible clear unclear true false misleading accurate inaccurate
correct wrong said says told tells added adds noted notes argued argues claimed claims
denied denies confirmed confirms announced announces reported reports expected expects
estimated estimates sold sells bought buys made makes make earn earns earned lost loses
grew grows fell falls rose rises cut cuts raised raises paid pays spent spends invested
invests hired hires fired fires opened opens closed closes built builds shipped ships
launched sued sues won wins signed signs agreed agrees refused refuses warned warns
promised promises admitted admits"""
)

ENGLISH_CONTRACTIONS = _words(
    """don’t doesn’t didn’t isn’t wasn’t aren’t can’t won’t wouldn’t
couldn’t it’s that’s there’s we’re they’re we’ve company’s market’s firm’s
government’s"""
)

GERMAN_FUNCTION = _words(
    """der die das und in zu den mit von ist im nicht sich auf für des dem ein
eine einer eines einem es auch an als wie bei aus nach um über so noch wird werden wurde
hat haben hatte sind war oder aber vor zum zur durch nur mehr schon wenn dass sie er wir
man bis unter seit gegen zwischen sowie sehr etwa rund fast immer wieder"""
)

GERMAN_CONTENT = _words(
    """Unternehmen Markt Smartphone Smartphones Geräte Gerät Hardware Software
Gewinn Gewinne Umsatz Umsätze Preis Preise Kosten Selbstkosten Marge Margen Wachstum
Quartal Jahr Jahre Monat Milliarden Millionen Prozent Aktie Aktien Anleger Gründer Chef
Vorstand Analyst Analysten Bericht Berichte Regierung Behörde Behörden Gericht Internet
Dienste Dienst Plattform Nutzer Daten Datenschutz Sicherheit Akku Ladegerät Ladegeräte
Fabrik Fabriken Zulieferer Marke Marken Geschäft Geschäfte Händler Kunden Kunde Modell
Modelle Fernseher Fitnessarmband Reiskocher Luftreiniger Roller Kamera Bildschirm Chip
Netz Netzwerk Werbung Entwickler Bewertung Finanzierung Aktionäre Erklärung Interview
Behauptung Behauptungen Beleg Belege Zahlen Zahl Schätzung Prognose Rückgang Anstieg
Verlust Verluste Schulden Dividende Wettbewerb Konkurrenz Konkurrent China Indien Europa
Amerika Japan Deutschland Frankreich Peking Schanghai Berlin München Hamburg Brüssel Stadt
Städte Land Länder Region Straße Straßen Menschen Arbeiter Mitarbeiter Gewerkschaft Streik
Löhne Strategie Plan Pläne Produkt Produkte Version Funktion Funktionen Forschung Studie
Umfrage Wahl Minister Ministerium Politik Gesetz Gesetze Regel Regeln Steuer Steuern Zoll
Zölle Handel Exporte Importe Wirtschaft Bank Banken Kredit Kredite Fonds Kapital Börse
Börsengang Sprecher Sprecherin Quelle Quellen Dokument Dokumente Prüfung Prüfer Hersteller
Produktion Kapazität Nachfrage Angebot Verbraucher Haushalt Haushalte Energie Strom Auto
Autos Fahrzeug Fahrzeuge Ladestation Test Tests Rückruf Mangel Mängel Brand Beschwerde Klage
Klagen Strafe Verbot Genehmigung Lizenz Anbieter Kabel Medien Zeitung Zeitungen Zeitschrift
Reporter Redaktion Artikel Geschichte Schlagzeile Seite Seiten Woche Wochen Tag Tage Morgen
Abend heute gestern morgen früher später zuletzt groß größer größte klein kleiner kleinste
günstig teuer niedrig hoch höher stark schwach neue neuen alte wichtig wichtigste erste
zweite dritte hälfte Gewinnspanne Größe Größen Maß Maße weiß heiß süß Fuß Grüße Äußerung
Äußerungen Übernahme Übernahmen Ökonom Ökonomen Öffentlichkeit Überschuss Überschüsse
Rückgänge Ausschüttung Bürger Bürgerinnen Behördenchef Führung Führungskräfte gehört
verkauft verkaufte verkaufen verdient verdiente verdienen verloren gewachsen gesunken
gestiegen gesagt sagte sagt erklärte erklärt betonte betont berichtete berichtet meldete
meldet schätzt schätzte kündigte angekündigt bestätigte bestätigt bestritt bestreitet
räumte eingeräumt warnte gewarnt versprach versprochen zahlte gezahlt investierte
investiert"""
)

GERMAN_PARTS = _words(
    """Daten Schutz Markt Anteil Preis Kampf Geräte Hersteller Akku Lade Station
Straßen Bahn Gesellschaft Steuer Behörde Verbraucher Zentrale Gewinn Warnung Geschäfts
Modell Handy Netz Betreiber Aufsicht Rat Sitzung Bericht Quartals Zahlen Jahres Umsatz
Wachstums Schwäche Export Überschuss Zoll Streit Fabrik Arbeits Platz Grund Satz Fuß Ball
Größen Ordnung Maß Stab"""
)

FRENCH_FUNCTION = _words(
    """le la les de des du et à en un une que qui dans pour sur par avec
est sont a ont été plus pas ne se ce cette ces il elle ils nous au aux son sa ses leur
leurs mais ou comme selon après avant depuis entre"""
)

FRENCH_CONTENT = _words(
    """entreprise marché téléphone smartphones matériel logiciel bénéfice
bénéfices chiffre affaires prix coût coûts marge croissance trimestre année milliards
millions pour cent action actions investisseurs fondateur directeur analyste rapport
gouvernement autorité tribunal internet services plateforme utilisateurs données sécurité
batterie chargeur usine fournisseur marque magasin clients modèle appareil appareils
télévision bracelet publicité développeurs valorisation déclaration entretien affirmation
preuve chiffres estimation prévision baisse hausse perte dette concurrence concurrent
Chine Inde Europe Pékin Paris Bruxelles ville pays région gens salariés grève stratégie
produit version étude sondage ministre politique loi règle impôt douane commerce économie
banque crédit capital bourse porte-parole source document fabricant production demande
consommateurs énergie voiture véhicule essai rappel défaut incendie plainte amende
journal journaux article page semaine jour aujourd’hui hier déjà fort faible grand petit
nouveau nouvelle ancien premier première deuxième vendu vend gagné perdu augmenté baissé
déclaré affirme annoncé confirmé démenti"""
)

CHINESE_WORDS = _words(
    """小米 公司 市场 手机 智能手机 硬件 软件 利润 收入 销售 价格 成本 利润率 增长
季度 今年 去年 亿元 百万 百分之 股票 投资者 创始人 首席执行官 分析师 报告 政府 监管机构
法院 互联网 服务 平台 用户 数据 隐私 安全 电池 充电器 工厂 供应商 品牌 商店 在线 零售
客户 型号 设备 电视 手环 电饭煲 空气净化器 滑板车 路由器 相机 屏幕 芯片 网络 广告
应用 开发者 估值 融资 股东 声明 采访 说法 证据 数字 估计 预测 下降 上升 亏损 债务
竞争 对手 中国 印度 欧洲 美国 北京 上海 深圳 城市 国家 地区 员工 工人 战略 计划 发布
产品 版本 功能 研究 调查 部长 政策 法律 规则 税收 关税 贸易 出口 进口 经济 银行 贷款
资本 交易所 发言人 消息 文件 制造商 生产 需求 供应 消费者 能源 汽车 测试 召回 缺陷
火灾 投诉 诉讼 罚款 媒体 报纸 记者 文章 新闻 网站 评论 视频 今天 昨天 最近 已经
表示 认为 指出 宣布 确认 否认 承诺 警告 销售额 净利润 毛利率 雷军 表明 但是 因为
所以 如果 虽然 而且 并且 以及 其中 这个 那个 我们 他们 没有 可以 需要 正在"""
)

NAME_SYLLABLES = _words(
    """ka ri mo ta le na si ro ve da mi lu ber wen hol stein feld mann son
ton ley ford ham burg dor ville mont chen zhang wei li hua jun xin ming lin gar cia lo pez
mar tin schu ster mül ler wag ner bec ker fis cher mey er ko wal ski ni ko vic"""
)

SITE_WORDS = _words(
    """Daily Times Post Herald Tribune Wire News Review Journal Gazette Observer
Monitor Insider Tech Digital Mobile Gadget Market Money Business Economy"""
)

# Page chrome: what a site prints on every page around the article (comment forms, share
# buttons, cookie banners, newsletter boxes). Provenance must not take it for a shared origin.
CHROME = {
    "en": [
        "Leave a Reply. Your email address will not be published. Required fields are marked *",
        "Share this article: Facebook Twitter LinkedIn WhatsApp Email Print",
        "We use cookies to give you the best experience on our website. By continuing to browse "
        "the site you are agreeing to our use of cookies. Accept Manage settings",
        "Sign up for our newsletter and get the day’s top stories delivered to your inbox every "
        "morning.",
        "Related articles. More from this author. Most read this week.",
        "© All rights reserved. Terms of use. Privacy policy. Contact us. Advertise with us.",
        "Comments are closed. Post a comment. Name (required) Email (required) Website",
    ],
    "de": [
        "Schreibe einen Kommentar. Ihre E-Mail-Adresse wird nicht veröffentlicht. "
        "Erforderliche Felder sind mit * markiert.",
        "Artikel teilen: Facebook Twitter WhatsApp E-Mail Drucken",
        "Wir verwenden Cookies, um Ihnen das beste Nutzererlebnis zu bieten. Wenn Sie die "
        "Seite weiter nutzen, stimmen Sie der Verwendung von Cookies zu. Akzeptieren",
        "Melden Sie sich für unseren Newsletter an und erhalten Sie die wichtigsten "
        "Nachrichten täglich per E-Mail.",
        "Mehr zum Thema. Weitere Artikel dieses Autors. Meistgelesen.",
        "© Alle Rechte vorbehalten. Impressum. Datenschutzerklärung. Kontakt.",
    ],
    "fr": [
        "Laisser un commentaire. Votre adresse e-mail ne sera pas publiée. Les champs "
        "obligatoires sont indiqués avec *",
        "Partager cet article : Facebook Twitter LinkedIn E-mail Imprimer",
        "Nous utilisons des cookies pour vous offrir la meilleure expérience sur notre site. "
        "Accepter Paramétrer",
        "© Tous droits réservés. Mentions légales. Politique de confidentialité.",
    ],
    "zh": [
        "发表评论。您的电子邮件地址不会被公开。必填项已用星号标注。",
        "分享到：微博 微信 QQ空间 复制链接",
        "本网站使用Cookie以提供更好的浏览体验。继续浏览即表示您同意我们使用Cookie。",
        "版权所有，未经授权不得转载。联系我们。隐私政策。",
    ],
}

RATIONALES = [
    "The company’s own filings show a net margin on hardware of {n} %, not zero.",
    "The figure comes from an interview and is not in any audited report.",
    "Two independent analysts estimate the margin at {n} to {m} %.",
    "The quote is accurate, but it was said about one product line only.",
    "The claimant later corrected the number in a statement to Reuters.",
    "Die Zahlen stammen aus dem Quartalsbericht; die Äußerung ist verkürzt wiedergegeben.",
    "Laut Geschäftsbericht lag die Marge bei {n} Prozent – das ist weit mehr als „null“.",
    "Plusieurs sources reprennent la même dépêche : une seule origine, pas trois confirmations.",
    "报道引用的数字来自同一篇采访，并非独立来源。",
]

TAGS = [
    "numbers",
    "profit",
    "hardware",
    "quote-check",
    "wire",
    "translation",
    "context",
    "statistics",
    "corporate",
    "regulation",
]
