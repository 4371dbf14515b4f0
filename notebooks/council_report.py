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
#     language: en
# ---

# %% tags=["parameters"]
council_code = "W06000018"  # GSS code (or short name) of the council to report on, e.g. W06000018 Caerphilly
language = "en"  # the language of this template's prose: en here, cy in council_report.cy.ipynb

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
# ## Methodology and structure of this report
#
# As part of its national study of how councils use data, the Wales Audit Office sent a set of
# short online questionnaires, the *data tools*, to every council in Wales. The data tools asked
# people to say which of three descriptions best fits the council on each of the seven
# characteristics of a maturity framework, how far they agree with statements about the
# council's use of data, and what gets in the way of using it better.

# %%
HTML(report.write_recipients(data))

# %% [markdown]
# The figures in this report summarise the views of the people who responded, and only theirs.
# They are not the auditors' own assessment of the council, and people who did not respond may
# see things differently. They are useful evidence of where the council could improve its use of
# data. Where the audit team recorded findings of its own, they open each theme. Respondents'
# comments are quoted in the language in which they were written.
#
# **How this report is set out.** Part 1 explains why making better use of data matters and sets
# out the maturity framework. Part 2 summarises the data tool responses for the council, theme
# by theme, beside the figures for Wales as a whole. Part 3 describes examples of good practice
# from elsewhere that councils can learn from. A closing section, *About the figures*, explains
# how every figure was worked out.
#
# Read this report alongside the national study report, *The maturity of local government in
# use of data*, Wales Audit Office, December 2018, which gives fuller findings and makes
# recommendations for every council in Wales.

# %% [markdown]
# ## Part 1 – Why making better use of data is important
#
# Councils hold a great deal of information about the people and places they serve: who uses
# which services, where demand is growing, what things cost and what difference they make. Used
# well, that information lets a council plan services around people's needs, spot problems
# early, work safely with partners who serve the same people, and show the public why it took
# the decisions it did. With budgets under lasting pressure, getting more value from data the
# council already holds is one of the few ways to improve services that does not need new money.
#
# The national study found that councils in Wales have been slow to build a culture that values
# data and uses it to improve services and outcomes. Drawing on research with public bodies that
# lead in the use of data, it described seven key characteristics of a council that uses data
# well, each at three levels of maturity, from level 1, the least developed, to level 3, the most.
# It judged that most councils in Wales are best described by levels 1 and 2. The study grouped
# the characteristics into four themes, which Part 2 follows:
#
# - **Vision, leadership & culture**: leaders who treat data as a resource, common standards
#   across services, and one joined-up record of the people the council serves;
# - **Data protection**: knowing the law well enough to share data safely, rather than seeing
#   it as a reason not to share;
# - **Skills & capacity**: staff and elected members with the skills, time and tools to use
#   and analyse data;
# - **Evidence-based decisions**: decisions built on good data and analysis, and data made
#   openly available.
#
# The table sets out the framework as the national study defined it.

# %%
report.show_framework_table(data)

# %%
HTML(report.write_part2_heading(data))

# %% [markdown]
# This part sets out what the data tool responses say about the council under the four themes of
# the national study: vision, leadership and culture; data protection; skills and capacity; and
# evidence-based decisions. Each theme opens with the audit team's findings, where they recorded
# any, and goes on to the figures: where respondents place the council on the maturity
# framework, how far they agree with the statements put to them, where the council differs from
# the rest of Wales, and a few of their comments.

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
# ## Part 3 – Good practice examples for councils to learn from
#
# The national study looked for organisations across the UK that make good use of data. Six of
# the examples it found are summarised here in brief; the national study report describes them,
# and others, more fully.
#
# ### One view of every resident: the Camden Residents Index
#
# The London Borough of Camden matched up the records that its separate services held about
# residents to build a single, consistent picture of each person and the council services they
# use. Joining the records has paid off in several ways. It has helped the council find council
# homes that were being illegally sublet and school applications that were not genuine, so that
# places go to the people entitled to them. It has helped keep the electoral register accurate:
# the index could confirm about 80% of the entries on the register, where the usual national
# check confirms about half. And it alerts the council's multi-agency safeguarding team when the
# make-up of a vulnerable child's household changes.
#
# ### Leadership that turns data into change: Carmarthenshire
#
# Carmarthenshire County Council's digital transformation strategy for 2017 to 2020 treats the
# right digital technology, and good-quality data shared readily with partners, as the basis for
# saving money and improving services. It also recognises that people will only support a more
# open and joined-up use of data if they trust the council with it, so protecting residents' and
# businesses' information from misuse and cyber attack sits at the centre of the strategy.
#
# ### Building skills beyond the council: Digital Flintshire
#
# Flintshire County Council's Digital Flintshire strategy for 2017 to 2022 sets out how digital
# information and technology will support the council's improvement priorities over five years.
# What sets it apart is that it looks beyond the council's own systems: it aims to improve the
# county's digital infrastructure and to make sure residents have the skills to use services
# online, working with local training providers, partners and voluntary organisations so that
# people are not left behind as services move online.
#
# ### Sharing data safely: the Conwy and Denbighshire Public Services Board
#
# Building on earlier joint work, including an information strategy and a toolkit for sharing
# information, the Conwy and Denbighshire Public Services Board gave its partner organisations
# clear policies and training on sharing data lawfully, among them the Wales Accord on the
# Sharing of Personal Information (WASPI) and a set of information-sharing protocols. As a
# result the board can show how good-quality data shaped its priorities: good mental well-being
# for all ages, community empowerment and environmental resilience. The partners also agreed
# that the board's role is to lead and scrutinise through the structures that already exist,
# rather than to run projects or merge services itself.
#
# ### Open data for a city: Data Mill North in Leeds
#
# Data Mill North began in Leeds as a joint answer to rising demand and shrinking budgets. It
# brings open data from many organisations together in one place, so that anyone can explore
# how the city's public services and businesses connect; its first priorities were health and
# well-being, housing growth and standards, and travel and transport. It is now the region's
# shared home for public-service data, from business and economic performance to adult
# education and housing. Its founders also support ODI Leeds, part of the Open Data Institute's
# network, which works to build data skills in the city; the national study reports that it has
# hosted 668 events, brought in £883,000 of extra funding and helped 228 people into
# better-paid jobs.
#
# ### Moving resources as demand changes: London Fire Brigade
#
# London Fire Brigade, the busiest fire and rescue service in the UK with more than 100 fire
# stations, worked with a private-sector partner to build a Dynamic Cover Tool for its control
# room. As engines are sent to incidents, the tool shows control officers, in real time, where
# cover across London is getting thin, helping them decide which vehicles to move where, so that
# every area keeps an acceptable level of protection and the brigade's resources are used as
# efficiently as possible.

# %% [markdown]
# ## About the figures
#
# **Responses.** A response is a questionnaire returned with at least one answer; empty
# submissions are not counted. The response rate is the number of responses divided by the
# number of people invited. The funnel plot compares each council's rate with the rate for Wales
# as a whole: the limits around the Wales rate narrow as the number invited grows, and a council
# outside the 99.8% limits differs by more than chance would explain (Spiegelhalter, 2005).
#
# **Maturity levels.** For each characteristic respondents chose the description, level 1, 2 or
# 3, that best fits the council; "Don't know" and blank answers are left out. The figure shown is
# the mean of the answers, with a 95% interval from the t distribution. The level is 1 for a mean
# below 1.5, 2 for a mean from 1.5 to under 2.5, and 3 from 2.5.
#
# **Agreement.** Answers are scored from 5 (strongly agree) to 1 (strongly disagree); "Don't
# know" and blank answers are left out. The percentage agreeing counts "agree" and "strongly
# agree". For a negatively worded statement the scores are reversed, so the figure shown is the
# percentage who *disagree* with it: in every table and chart a higher figure means a more mature
# view. Its 95% interval is the Wilson score interval.
#
# **Intervals.** A 95% interval shows how precisely the respondents' answers pin down the figure
# for everyone invited: intervals built this way contain that figure in 95 surveys out of 100.
# Because the people who answered are often a large part of those invited, the intervals are
# narrowed by the finite population correction; when everyone invited answered there is nothing
# left to estimate, and the interval is the figure itself. Intervals allow for chance only: they
# assume that the people who answered think like those who did not. The public survey intervals
# are Wilson intervals using the effective sample size of the survey's weights.
#
# **Compared with the rest of Wales.** For each statement the percentage of all the council's
# respondents who agree is compared with that of respondents in every other council by a
# two-proportion z-test. The tests of the council's statements are adjusted together for multiple
# comparisons (Holm's method); a difference is reported only where the adjusted p-value is below
# 0.05.

# %%
HTML(report.write_small_numbers(data))

# %% [markdown]
# **Rounding.** Percentages are rounded to whole numbers, a half rounded up (47.5% is shown as
# 48%); means are shown to one decimal place. Each figure is rounded from the unrounded value, so
# rounded figures may not add up exactly.
#
# **Words for proportions.** Sentences describe the proportion of a group with these words:

# %%
report.show_proportion_words(data)

# %%
HTML(report.write_data_provenance(data))
