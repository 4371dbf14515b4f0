# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     notebook_metadata_filter: lgdata
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.7
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   lgdata:
#     language: cy
# ---

# %% tags=["parameters"]
council_code = "W06000018"  # cod GSS (neu enw byr) y cyngor, e.e. W06000018 Caerffili
language = "cy"  # iaith rhyddiaith y templed hwn: cy yma, en yn council_report.ipynb

# %%
from IPython.display import HTML

from helpers import report

# %%
report.setup_notebook()

# %%
data = report.load_council_data(council_code, language)

# %%
HTML(report.write_title(data))

# %% [markdown]
# ## Methodoleg a strwythur yr adroddiad hwn
#
# Fel rhan o'i hastudiaeth genedlaethol o'r ffordd y mae cynghorau'n defnyddio data, anfonodd
# Swyddfa Archwilio Cymru gyfres o holiaduron byr ar-lein, yr *offer data*, at bob cyngor yng
# Nghymru. Gofynnodd yr offer data i bobl nodi pa un o dri disgrifiad sy'n disgrifio'r cyngor orau
# ar gyfer pob un o saith nodwedd y fframwaith aeddfedrwydd, i ba raddau y maent yn cytuno â
# datganiadau am ddefnydd y cyngor o ddata, a beth sy'n rhwystro defnyddio data'n well.

# %%
HTML(report.write_recipients(data))

# %% [markdown]
# Mae'r ffigurau yn yr adroddiad hwn yn crynhoi barn y bobl a ymatebodd, a'u barn hwy yn unig.
# Nid asesiad yr archwilwyr eu hunain o'r cyngor ydynt, ac efallai fod pobl na wnaethant ymateb yn
# gweld pethau'n wahanol. Maent yn dystiolaeth ddefnyddiol o'r meysydd lle gallai'r cyngor wella'r
# defnydd a wna o ddata. Lle cofnododd y tîm archwilio ganfyddiadau ei hun, daw'r rhain ar
# ddechrau pob thema. Dyfynnir sylwadau'r ymatebwyr yn yr iaith y'u hysgrifennwyd ynddi.
#
# **Sut mae'r adroddiad hwn wedi'i drefnu.** Mae Rhan 1 yn egluro pam mae gwneud gwell defnydd o
# ddata yn bwysig ac yn nodi'r fframwaith aeddfedrwydd. Mae Rhan 2 yn crynhoi ymatebion y cyngor
# i'r offer data, fesul thema, ochr yn ochr â'r ffigurau ar gyfer Cymru gyfan. Mae Rhan 3 yn
# disgrifio enghreifftiau o arfer da o fannau eraill y gall cynghorau ddysgu ohonynt. Mae'r adran
# olaf, *Ynglŷn â'r ffigurau*, yn egluro sut y cyfrifwyd pob ffigur.
#
# Dylid darllen yr adroddiad hwn ochr yn ochr ag adroddiad yr astudiaeth genedlaethol,
# *Aeddfedrwydd llywodraeth leol o ran defnyddio data*, Swyddfa Archwilio Cymru, Rhagfyr 2018, sy'n
# rhoi canfyddiadau llawnach ac yn gwneud argymhellion i bob cyngor yng Nghymru.

# %% [markdown]
# ## Rhan 1 – Pam mae gwneud gwell defnydd o ddata yn bwysig
#
# Mae gan gynghorau lawer iawn o wybodaeth am y bobl a'r lleoedd y maent yn eu gwasanaethu: pwy
# sy'n defnyddio pa wasanaethau, ble mae'r galw'n cynyddu, faint mae pethau'n ei gostio a pha
# wahaniaeth maent yn ei wneud. O'i defnyddio'n dda, mae'r wybodaeth honno'n galluogi cyngor i
# gynllunio gwasanaethau o amgylch anghenion pobl, sylwi ar broblemau'n gynnar, gweithio'n
# ddiogel gyda phartneriaid sy'n gwasanaethu'r un bobl, a dangos i'r cyhoedd pam y gwnaeth y
# penderfyniadau a wnaeth. Gyda chyllidebau dan bwysau parhaus, cael mwy o werth o'r data sydd gan
# y cyngor eisoes yw un o'r ychydig ffyrdd o wella gwasanaethau heb arian newydd.
#
# Canfu'r astudiaeth genedlaethol fod cynghorau yng Nghymru wedi bod yn araf i feithrin diwylliant
# sy'n gwerthfawrogi data ac yn ei ddefnyddio i wella gwasanaethau a chanlyniadau. Gan dynnu ar
# ymchwil gyda chyrff cyhoeddus sy'n arwain ym maes defnyddio data, disgrifiodd saith nodwedd
# allweddol cyngor sy'n defnyddio data'n dda, pob un ar dair lefel o aeddfedrwydd, o lefel 1, y
# lleiaf datblygedig, i lefel 3, y mwyaf datblygedig. Barnodd mai lefelau 1 a 2 sy'n disgrifio'r
# rhan fwyaf o gynghorau yng Nghymru orau. Rhannodd yr astudiaeth y nodweddion yn bedair thema, a
# dilynir y rhain yn Rhan 2:
#
# - **Gweledigaeth, arweinyddiaeth a diwylliant**: arweinwyr sy'n trin data fel adnodd, safonau
#   cyffredin ar draws gwasanaethau, ac un cofnod cydgysylltiedig o'r bobl y mae'r cyngor yn eu
#   gwasanaethu;
# - **Diogelu data**: deall y gyfraith yn ddigon da i rannu data'n ddiogel, yn hytrach na'i
#   gweld yn rheswm dros beidio â rhannu;
# - **Sgiliau a chapasiti**: staff ac aelodau etholedig sydd â'r sgiliau, yr amser a'r offer i
#   ddefnyddio a dadansoddi data;
# - **Penderfyniadau sy'n seiliedig ar dystiolaeth**: penderfyniadau wedi'u seilio ar ddata a
#   dadansoddiadau da, a data ar gael yn agored.
#
# Mae'r tabl yn nodi'r fframwaith fel y'i diffiniwyd gan yr astudiaeth genedlaethol.

# %%
report.show_framework_table(data)

# %%
HTML(report.write_part2_heading(data))

# %% [markdown]
# Mae'r rhan hon yn nodi beth mae ymatebion yr offer data yn ei ddweud am y cyngor o dan bedair
# thema'r astudiaeth genedlaethol: gweledigaeth, arweinyddiaeth a diwylliant; diogelu data;
# sgiliau a chapasiti; a phenderfyniadau sy'n seiliedig ar dystiolaeth. Mae pob thema'n dechrau
# gyda chanfyddiadau'r tîm archwilio, lle cofnododd rai, ac yna'n symud ymlaen at y ffigurau: ble
# mae'r ymatebwyr yn gosod y cyngor ar y fframwaith aeddfedrwydd, i ba raddau y maent yn cytuno â'r
# datganiadau a roddwyd iddynt, ble mae'r cyngor yn wahanol i weddill Cymru, ac ambell un o'u
# sylwadau.

# %%
HTML(report.write_responses_heading(data))

# %%
report.show_response_table(data)

# %%
HTML(report.write_funnel_summary(data))

# %%
report.show_funnel_chart(data)

# %%
HTML(report.write_theme_findings(data, "vision"))

# %%
HTML(report.write_maturity_summary(data, "vision"))

# %%
report.show_maturity_chart(data, "vision")

# %%
report.show_maturity_table(data, "vision")

# %%
HTML(report.write_agreement_summary(data, "vision"))

# %%
report.show_agreement_chart(data, "vision")

# %%
report.show_agreement_table(data, "vision")

# %%
HTML(report.write_comparisons(data, "vision"))

# %%
HTML(report.write_comments(data, "vision"))

# %%
HTML(report.write_theme_findings(data, "protection"))

# %%
HTML(report.write_maturity_summary(data, "protection"))

# %%
report.show_maturity_chart(data, "protection")

# %%
report.show_maturity_table(data, "protection")

# %%
HTML(report.write_agreement_summary(data, "protection"))

# %%
report.show_agreement_chart(data, "protection")

# %%
report.show_agreement_table(data, "protection")

# %%
HTML(report.write_comparisons(data, "protection"))

# %%
HTML(report.write_comments(data, "protection"))

# %%
HTML(report.write_theme_findings(data, "skills"))

# %%
HTML(report.write_maturity_summary(data, "skills"))

# %%
report.show_maturity_chart(data, "skills")

# %%
report.show_maturity_table(data, "skills")

# %%
HTML(report.write_agreement_summary(data, "skills"))

# %%
report.show_agreement_chart(data, "skills")

# %%
report.show_agreement_table(data, "skills")

# %%
HTML(report.write_comparisons(data, "skills"))

# %%
HTML(report.write_comments(data, "skills"))

# %%
HTML(report.write_theme_findings(data, "evidence"))

# %%
HTML(report.write_maturity_summary(data, "evidence"))

# %%
report.show_maturity_chart(data, "evidence")

# %%
report.show_maturity_table(data, "evidence")

# %%
HTML(report.write_agreement_summary(data, "evidence"))

# %%
report.show_agreement_chart(data, "evidence")

# %%
report.show_agreement_table(data, "evidence")

# %%
HTML(report.write_comparisons(data, "evidence"))

# %%
HTML(report.write_comments(data, "evidence"))

# %%
HTML(report.write_public_survey(data))

# %%
report.show_public_survey_table(data)

# %% [markdown]
# ## Rhan 3 – Enghreifftiau o arfer da y gall cynghorau ddysgu ohonynt
#
# Chwiliodd yr astudiaeth genedlaethol am sefydliadau ledled y Deyrnas Unedig sy'n gwneud defnydd
# da o ddata. Ceir crynodeb byr yma o chwech o'r enghreifftiau a ganfu; mae adroddiad yr astudiaeth
# genedlaethol yn eu disgrifio, ac eraill, yn llawnach.
#
# ### Un darlun o bob preswylydd: Mynegai Preswylwyr Camden
#
# Cysylltodd Bwrdeistref Camden yn Llundain y cofnodion a oedd gan ei gwasanaethau ar wahân am
# breswylwyr, er mwyn creu un darlun cyson o bob unigolyn a'r gwasanaethau cyngor y mae'n eu
# defnyddio. Mae cysylltu'r cofnodion wedi talu ar ei ganfed mewn sawl ffordd. Mae wedi helpu'r
# cyngor i ddod o hyd i gartrefi cyngor a oedd yn cael eu his-osod yn anghyfreithlon, a cheisiadau
# ysgol nad oeddent yn ddilys, fel bod lleoedd yn mynd i'r bobl sydd â hawl iddynt. Mae wedi helpu
# i gadw'r gofrestr etholiadol yn gywir: gallai'r mynegai gadarnhau tua 80% o'r cofnodion ar y
# gofrestr, lle mae'r gwiriad cenedlaethol arferol yn cadarnhau tua hanner. Ac mae'n rhybuddio tîm
# diogelu amlasiantaethol y cyngor pan fydd aelodau aelwyd plentyn agored i niwed yn newid.
#
# ### Arweinyddiaeth sy'n troi data yn newid: Sir Gâr
#
# Mae strategaeth trawsnewid digidol Cyngor Sir Gâr ar gyfer 2017 i 2020 yn ystyried y dechnoleg
# ddigidol gywir, a data o ansawdd da a rennir yn rhwydd â phartneriaid, yn sail i arbed arian a
# gwella gwasanaethau. Mae hefyd yn cydnabod mai dim ond os yw pobl yn ymddiried yn y cyngor i'w
# ddefnyddio y byddant yn cefnogi defnydd mwy agored a chydgysylltiedig o ddata, felly mae diogelu
# gwybodaeth preswylwyr a busnesau rhag camddefnydd ac ymosodiadau seiber wrth wraidd y strategaeth.
#
# ### Meithrin sgiliau y tu hwnt i'r cyngor: Sir y Fflint Ddigidol
#
# Mae strategaeth Sir y Fflint Ddigidol Cyngor Sir y Fflint ar gyfer 2017 i 2022 yn nodi sut y bydd
# gwybodaeth a thechnoleg ddigidol yn cefnogi blaenoriaethau gwella'r cyngor dros bum mlynedd. Yr
# hyn sy'n ei gwneud yn wahanol yw ei bod yn edrych y tu hwnt i systemau'r cyngor ei hun: ei nod yw
# gwella seilwaith digidol y sir a sicrhau bod gan breswylwyr y sgiliau i ddefnyddio gwasanaethau
# ar-lein, gan weithio gyda darparwyr hyfforddiant lleol, partneriaid a sefydliadau gwirfoddol fel
# nad yw pobl yn cael eu gadael ar ôl wrth i wasanaethau symud ar-lein.
#
# ### Rhannu data'n ddiogel: Bwrdd Gwasanaethau Cyhoeddus Conwy a Sir Ddinbych
#
# Gan adeiladu ar waith ar y cyd cynharach, gan gynnwys strategaeth wybodaeth a phecyn cymorth ar
# gyfer rhannu gwybodaeth, rhoddodd Bwrdd Gwasanaethau Cyhoeddus Conwy a Sir Ddinbych bolisïau clir
# a hyfforddiant ar rannu data'n gyfreithlon i'w sefydliadau partner, yn eu plith Cytundeb Cymru
# ar gyfer Rhannu Gwybodaeth Bersonol (WASPI) a chyfres o brotocolau rhannu gwybodaeth. O
# ganlyniad, gall y bwrdd ddangos sut y llywiodd data o ansawdd da ei flaenoriaethau: llesiant
# meddyliol da i bob oed, grymuso cymunedau a chydnerthedd amgylcheddol. Cytunodd y partneriaid
# hefyd mai rôl y bwrdd yw arwain a chraffu drwy'r strwythurau sydd eisoes yn bodoli, yn hytrach
# na rhedeg prosiectau neu uno gwasanaethau ei hun.
#
# ### Data agored i ddinas: <span lang="en">Data Mill North</span> yn Leeds
#
# Dechreuodd <span lang="en">Data Mill North</span> yn Leeds fel ymateb ar y cyd i alw cynyddol a
# chyllidebau sy'n crebachu. Mae'n dod â data agored gan lawer o sefydliadau ynghyd mewn un lle, fel
# y gall unrhyw un archwilio sut mae gwasanaethau cyhoeddus a busnesau'r ddinas yn cysylltu; ei
# flaenoriaethau cyntaf oedd iechyd a llesiant, twf a safonau tai, a theithio a thrafnidiaeth.
# Erbyn hyn dyma gartref cyffredin y rhanbarth ar gyfer data gwasanaethau cyhoeddus, o berfformiad
# busnes ac economaidd i addysg oedolion a thai. Mae ei sylfaenwyr hefyd yn cefnogi
# <span lang="en">ODI Leeds</span>, rhan o rwydwaith yr <span lang="en">Open Data Institute</span>,
# sy'n gweithio i feithrin sgiliau data yn y ddinas; yn ôl yr astudiaeth genedlaethol, mae wedi
# cynnal 668 o ddigwyddiadau, denu £883,000 o gyllid ychwanegol a helpu 228 o bobl i gael swyddi
# sy'n talu'n well.
#
# ### Symud adnoddau wrth i'r galw newid: Brigâd Dân Llundain
#
# Gweithiodd Brigâd Dân Llundain, y gwasanaeth tân ac achub prysuraf yn y Deyrnas Unedig, sydd â
# mwy na 100 o orsafoedd tân, gyda phartner o'r sector preifat i adeiladu Offeryn Cwmpas Dynamig
# (<span lang="en">Dynamic Cover Tool</span>) ar gyfer ei hystafell reoli. Wrth i injans gael eu
# hanfon i ddigwyddiadau, mae'r offeryn yn dangos i swyddogion rheoli, mewn amser real, ble mae'r
# ddarpariaeth ar draws Llundain yn mynd yn denau, gan eu helpu i benderfynu pa gerbydau i'w symud i
# ble, fel bod pob ardal yn cadw lefel dderbyniol o ddiogelwch a bod adnoddau'r frigâd yn cael eu
# defnyddio mor effeithlon â phosibl.

# %% [markdown]
# ## Ynglŷn â'r ffigurau
#
# **Ymatebion.** Ymateb yw holiadur a ddychwelwyd gydag o leiaf un ateb; ni chaiff cyflwyniadau gwag
# eu cyfrif. Y gyfradd ymateb yw nifer yr ymatebion wedi'i rannu â nifer y bobl a wahoddwyd. Mae'r
# plot twndis yn cymharu cyfradd pob cyngor â'r gyfradd ar gyfer Cymru gyfan: mae'r terfynau o
# amgylch cyfradd Cymru yn culhau wrth i'r nifer a wahoddwyd gynyddu, ac mae cyngor sydd y tu allan
# i'r terfynau 99.8% yn wahanol o fwy nag y byddai siawns yn ei egluro (Spiegelhalter, 2005).
#
# **Lefelau aeddfedrwydd.** Ar gyfer pob nodwedd, dewisodd yr ymatebwyr y disgrifiad, lefel 1, 2
# neu 3, sy'n disgrifio'r cyngor orau; gadewir allan atebion “Ddim yn gwybod” ac atebion gwag. Y
# ffigur a ddangosir yw cymedr yr atebion, gyda chyfwng 95% o'r dosraniad t. Mae'r lefel yn 1 ar
# gyfer cymedr o dan 1.5, yn 2 ar gyfer cymedr o 1.5 hyd at lai na 2.5, ac yn 3 o 2.5 i fyny.
#
# **Cytuno.** Caiff atebion eu sgorio o 5 (cytuno'n gryf) i 1 (anghytuno'n gryf); gadewir allan
# atebion “Ddim yn gwybod” ac atebion gwag. Mae'r ganran sy'n cytuno yn cyfrif “cytuno” a “cytuno'n
# gryf”. Ar gyfer datganiad negyddol, caiff y sgorau eu gwrthdroi, felly'r ffigur a ddangosir yw
# canran y rhai sy'n *anghytuno* ag ef: ym mhob tabl a siart, mae ffigur uwch yn golygu barn fwy
# aeddfed. Cyfwng sgôr Wilson yw cyfwng 95% y ganran.
#
# **Cyfyngau.** Mae cyfwng 95% yn dangos pa mor fanwl y mae atebion yr ymatebwyr yn pennu'r ffigur
# ar gyfer pawb a wahoddwyd: mae cyfyngau a gyfrifir fel hyn yn cynnwys y ffigur hwnnw mewn 95 o bob
# 100 arolwg. Gan fod y bobl a atebodd yn aml yn rhan fawr o'r rhai a wahoddwyd, caiff y cyfyngau eu
# culhau gan y cywiriad poblogaeth gyfyngedig; pan atebodd pawb a wahoddwyd, nid oes dim ar ôl i'w
# amcangyfrif, a'r cyfwng yw'r ffigur ei hun. Mae'r cyfyngau'n ystyried siawns yn unig: maent yn
# tybio bod y bobl a atebodd yn meddwl yr un fath â'r rhai na wnaethant. Cyfyngau Wilson yw
# cyfyngau'r arolwg o'r cyhoedd, gan ddefnyddio maint effeithiol y sampl yn ôl pwysiadau'r arolwg.
#
# **O'i gymharu â gweddill Cymru.** Ar gyfer pob datganiad, cymharir canran holl ymatebwyr y cyngor
# sy'n cytuno â chanran yr ymatebwyr ym mhob cyngor arall drwy brawf z dwy gyfran. Caiff profion
# datganiadau'r cyngor eu haddasu gyda'i gilydd ar gyfer cymariaethau lluosog (dull Holm); dim ond
# lle mae'r gwerth-p wedi'i addasu yn llai na 0.05 yr adroddir gwahaniaeth.

# %%
HTML(report.write_small_numbers(data))

# %% [markdown]
# **Talgrynnu.** Caiff canrannau eu talgrynnu i rifau cyfan, gyda hanner yn cael ei dalgrynnu i
# fyny (dangosir 47.5% fel 48%); dangosir cymedrau i un lle degol. Caiff pob ffigur ei dalgrynnu o'r
# gwerth heb ei dalgrynnu, felly efallai na fydd ffigurau wedi'u talgrynnu yn adio'n union.
#
# **Geiriau am gyfrannau.** Mae'r brawddegau'n disgrifio cyfran grŵp gyda'r geiriau hyn:

# %%
report.show_proportion_words(data)

# %%
HTML(report.write_data_provenance(data))
