#!/usr/bin/env python3
"""Write a large, realistic, deterministic model registry for benchmarks and tests.

Why this exists: the audit, the index and the console must be measured on registries
of realistic size and shape (10,000 cards, hundreds of owners, a git history), and
their findings must be checkable. Hand-written fixtures are too small and a YAML
dumper is too slow and too regular, so this script renders cards from string
templates with a seeded ``random.Random``.

Usage::

    python benchmarks/generate.py OUT --models N [--seed S] [--git] [--today YYYY-MM-DD]

What a caller can rely on:

* The same arguments write byte-identical files (and, with ``--git``, identical
  commit ids). The working tree does not depend on ``--git``: the history only adds
  earlier versions of some files.
* Every file is valid YAML (cards, owners, registry.yaml, runbook front matter).
* Every card starts with a ``# benchmark-expect: ...`` comment listing the rule codes
  that ``registry audit --today TODAY`` should report for it with the default policy
  (``none`` for a clean card). ``VAL005`` is listed for cards whose history was
  edited after their validation date, and only shows up with ``--git``. ``SCH001``
  marks the ≈0.5% of cards with a deliberate schema error (an enum typo or an
  ``ownr:`` key); they carry no other defect except the ``OWN001`` that ``ownr:``
  implies on a non-retired card.
* About a third of the models carry one or two defects; retired models (which only
  get schema rules) carry none, except a schema typo. The defects include the rules
  added on 2026-11-30 (VAL006, DAT001, WAI003-WAI005, DOC004, POR001, MET004, PIL003,
  PIL004); a PIL002 pilot has also passed its planned end, so it is labelled PIL003 too.
  Clean cards write the new fields: leading metrics on live models, priority scores on
  proposals, conditions on conditional validations.
* Commit dates are fixed and increasing over the year before ``--today``; re-running
  with another ``--today`` shifts every date, so audit with the same ``--today``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

DEFAULT_TODAY = date(2026, 11, 24)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")

#: Commits in a ``--git`` history: one import, then edits spread over the year.
HISTORY_COMMITS = 40
#: Cards stay within this many lines, like hand-written ones.
MAX_CARD_LINES = 90
#: Fraction of cards with a deliberate schema error.
BROKEN_FRACTION = 0.005
#: Probability that a non-retired model carries defects (≈ a third of all models).
DEFECT_PROBABILITY = 0.35

Card = dict[str, Any]

# --------------------------------------------------------------------------------------
# YAML scalars
# --------------------------------------------------------------------------------------

# A plain scalar must not start with an indicator, must not contain ": " or " #", and
# in flow context ([...] and {...}) must not contain ",[]{}:#" at all.
_BLOCK_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 ._/()<>=%+'&,;:#$*-]*")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 ._/()<>=%+'&;$*-]*")
_DATEISH = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


def scalar(text: str, flow: bool = False) -> str:
    """Render ``text`` as a YAML string: plain when unambiguous, else JSON-quoted.

    Why: cards should look hand-written (mostly unquoted), but a single value that
    YAML 1.1 or 1.2 would read as a number, date, boolean or comment would turn the
    benchmark into a test of YAML quirks. JSON strings are valid YAML double-quoted
    scalars, so quoting with ``json.dumps`` is always safe.
    """
    pattern = _FLOW_PLAIN if flow else _BLOCK_PLAIN
    if (
        pattern.fullmatch(text)
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
        and text.lower() not in _RESERVED
        and not (text[0].isdigit() and " " not in text)  # 0x1F, 1e3, 1:20, 2026-01-01
        and not _DATEISH.match(text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_list(items: Sequence[str]) -> str:
    """A YAML flow sequence of strings, each quoted only if it must be."""
    return "[" + ", ".join(scalar(item, flow=True) for item in items) + "]"


def num(value: float) -> str:
    """A number as YAML writes it: no exponent, at most 4 decimals, no trailing zeros."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------------------
# Domain catalog: the kinds of model a financial-services registry holds
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Domain:
    """Text and numbers for one family of models, so cards read like real ones."""

    slug: str
    title: str
    kind: str
    sponsors: tuple[str, ...]
    purposes: tuple[str, str]
    intended_use: tuple[str, str]
    out_of_scope: str
    limitations: tuple[str, ...]
    sources: tuple[str, ...]
    model_metrics: tuple[tuple[str, float, float, bool], ...]  # name, lo, hi, higher better
    business: tuple[tuple[str, str, int, int], ...]  # name, unit, lo, hi
    guardrails: tuple[tuple[str, float, str], ...]  # name, max, unit
    bias_method: str
    bias_attributes: tuple[str, ...]
    fallback: str
    oversight: str
    alerts: tuple[str, ...]
    pii: float  # probability the training data contains personal data
    tags: tuple[str, ...]


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "fraud-detector",
        "Card Fraud Detector",
        "predictive",
        ("VP Payments", "Chief Risk Officer"),
        (
            "Flags card-not-present transactions for review before they settle.",
            "Scores card authorisations for fraud risk so risky payments are stepped up.",
        ),
        (
            "Consumed by the authorisation service; scores above the hold threshold",
            "go to the fraud analyst queue, scores in the grey zone trigger step-up.",
        ),
        "Card-present payments, account takeover and any credit or AML decision.",
        (
            "Trained on EU and UK traffic only; other regions score with lower precision.",
            "New merchant categories need about six weeks of chargebacks to settle.",
            "Chargeback labels arrive up to 120 days late, so recent metrics are provisional.",
            "Does not see device signals for telephone orders.",
        ),
        ("card-auth-events", "chargebacks", "merchant-master", "device-fingerprints"),
        (("precision", 0.86, 0.96, True), ("recall", 0.7, 0.88, True), ("auc", 0.9, 0.98, True)),
        (("fraud losses prevented", "EUR/month", 80000, 450000),),
        (("false positive rate", 0.02, ""), ("p99 scoring latency", 40, "ms")),
        "false-positive rate parity across age bands",
        ("age_band", "postcode_region"),
        "rules engine, holds reviewed in the fraud analyst queue",
        "Fraud analysts confirm every hold above 500 EUR before the customer is contacted.",
        (
            "precision < 0.9 on matured labels for 7 days",
            "score PSI > 0.2 for 2 days",
            "p99 latency > 40 ms for 15 minutes",
        ),
        0.9,
        ("payments", "fraud", "real-time"),
    ),
    Domain(
        "churn-forecaster",
        "Customer Churn Forecaster",
        "predictive",
        ("Chief Customer Officer", "VP Retail Banking"),
        (
            "Predicts which retail customers are likely to close their accounts within 90 days.",
            "Ranks customers by churn risk so retention teams call the right people first.",
        ),
        (
            "Weekly batch scores feed the retention CRM; agents see a risk band,",
            "never the raw score, next to the customer's contact history.",
        ),
        "Pricing, credit decisions and any automated account change.",
        (
            "Customers with less than six months of history get a default score.",
            "Does not capture churn caused by branch closures announced mid-quarter.",
            "Seasonal effects around bonus payments are only partly modelled.",
        ),
        ("crm-contacts", "account-balances", "product-holdings", "complaints"),
        (("auc", 0.74, 0.86, True), ("top-decile lift", 2.1, 3.8, True)),
        (("customers retained", "customers/quarter", 300, 2400),),
        (("contact rate per customer", 2, "calls/quarter"),),
        "equal opportunity across age bands and gender",
        ("age_band", "gender"),
        "static retention rules from the 2024 playbook",
        "Retention agents choose whether to call; the score never changes a product.",
        ("AUC < 0.72 on last month's cohort", "score distribution PSI > 0.25"),
        0.95,
        ("retail", "retention", "batch"),
    ),
    Domain(
        "credit-default-scorer",
        "Retail Credit Default Scorer",
        "predictive",
        ("Chief Credit Officer",),
        (
            "Estimates 12-month default probability for personal loan applications.",
            "Scores loan applications for default risk to support underwriting decisions.",
        ),
        (
            "Underwriters see the probability band alongside bureau data; scores feed",
            "the pricing grid and the affordability check, not an automatic decline.",
        ),
        "Mortgages, business lending and collections prioritisation.",
        (
            "Thin-file applicants (under 2 bureau tradelines) are scored with wide intervals.",
            "Calibrated on 2021-2025 performance; a recession would shift default rates.",
            "Self-employed income is verified manually and not used by the model.",
            "Joint applications use the weaker applicant's score only.",
        ),
        ("loan-applications", "bureau-snapshots", "repayment-history", "open-banking"),
        (("gini", 0.52, 0.68, True), ("brier score", 0.05, 0.09, False)),
        (("credit losses avoided", "EUR/quarter", 150000, 900000),),
        (("approval rate change", 0.03, ""), ("calibration error", 0.02, "")),
        "adverse impact ratio across age bands and gender",
        ("age_band", "gender", "nationality"),
        "manual underwriting by the credit team",
        "Every decline is reviewed by an underwriter and can be appealed by the applicant.",
        ("gini < 0.5 on the monthly backtest", "approval rate moves > 3 points in a week"),
        1.0,
        ("credit", "lending", "underwriting"),
    ),
    Domain(
        "aml-transaction-monitor",
        "AML Transaction Monitor",
        "predictive",
        ("Chief Compliance Officer", "MLRO"),
        (
            "Prioritises transaction-monitoring alerts for anti-money-laundering review.",
            "Scores AML scenario alerts so investigators work the riskiest cases first.",
        ),
        (
            "Alerts from the scenario engine are scored nightly; investigators work",
            "the queue in score order and close low scores after a lighter review.",
        ),
        "Sanctions screening, customer onboarding and suspicious activity report filing.",
        (
            "Relies on scenario alerts; patterns no scenario catches are never scored.",
            "Labels come from closed investigations, which lag by up to 60 days.",
            "Correspondent banking flows are under-represented in training.",
        ),
        ("scenario-alerts", "investigation-outcomes", "kyc-profiles", "payment-flows"),
        (("recall at 50% queue", 0.9, 0.98, True), ("precision", 0.18, 0.34, True)),
        (("investigator hours saved", "hours/month", 300, 2200),),
        (("alerts closed without review", 0.05, ""),),
        "alert rate parity across customer nationality groups",
        ("nationality", "age_band"),
        "scenario engine order, investigated first-in first-out",
        "Investigators review every alert; the score only orders the queue.",
        ("recall at 50% queue < 0.9 on closed cases", "nightly scoring job fails"),
        1.0,
        ("compliance", "aml", "batch"),
    ),
    Domain(
        "demand-forecaster",
        "Branch Cash Demand Forecaster",
        "predictive",
        ("COO Retail Operations",),
        (
            "Forecasts daily cash demand per branch and ATM to plan cash deliveries.",
            "Predicts ATM and branch cash needs two weeks ahead for the logistics team.",
        ),
        (
            "The cash logistics planner uses the forecast to order deliveries;",
            "planners can override any branch and their overrides are logged.",
        ),
        "Liquidity management, treasury forecasting and staffing plans.",
        (
            "Holidays outside the national calendar are handled by manual overrides.",
            "New ATMs need eight weeks of history before forecasts are trusted.",
        ),
        ("atm-withdrawals", "branch-transactions", "holiday-calendar", "weather-daily"),
        (("mape", 0.06, 0.14, False), ("bias", 0.01, 0.04, False)),
        (("cash-in-transit cost saved", "EUR/month", 20000, 120000),),
        (("ATM stock-out rate", 0.005, ""),),
        "forecast error parity across urban and rural branches",
        ("branch_region",),
        "previous-year same-week demand with planner overrides",
        "Cash planners approve every delivery order before it is sent.",
        ("mape > 0.15 for 5 days", "forecast job misses the 06:00 cut-off"),
        0.05,
        ("operations", "forecasting", "batch"),
    ),
    Domain(
        "claims-triage-router",
        "Motor Claims Triage Router",
        "decision",
        ("Chief Claims Officer",),
        (
            "Routes first notifications of loss to fast-track, standard or specialist handling.",
            "Decides which motor claims can be fast-tracked and which need an assessor.",
        ),
        (
            "Runs at first notification of loss; fast-track claims are paid after",
            "document checks, the rest go to handler queues by complexity.",
        ),
        "Fraud decisions, injury claims and claim settlement amounts.",
        (
            "Injury claims are always routed to specialists and never scored.",
            "Photos from older phones lower the damage estimate's confidence.",
            "Commercial fleet policies follow separate rules.",
        ),
        ("claims-fnol", "policy-master", "repair-invoices", "damage-photos"),
        (("routing accuracy", 0.84, 0.93, True), ("fast-track precision", 0.9, 0.97, True)),
        (("handling cost saved", "EUR/month", 40000, 260000),),
        (("fast-track leakage rate", 0.03, ""),),
        "fast-track rate parity across age bands and postcode regions",
        ("age_band", "postcode_region"),
        "standard handler queue",
        "Handlers can pull any claim out of fast-track; customers can ask for a handler.",
        ("fast-track share moves > 5 points in a week", "leakage > 3% on audited claims"),
        0.85,
        ("insurance", "claims", "routing"),
    ),
    Domain(
        "credit-limit-optimizer",
        "Credit Limit Optimizer",
        "decision",
        ("Chief Credit Officer", "VP Cards"),
        (
            "Proposes credit card limit increases for existing customers each month.",
            "Decides which cardholders are offered a higher limit and how much.",
        ),
        (
            "Monthly batch proposes offers; offers above 5,000 EUR need an analyst's",
            "approval and every offer passes the affordability check first.",
        ),
        "New-to-bank customers, limit decreases and collections.",
        (
            "Assumes stable income; furlough and variable pay are not modelled.",
            "Offers are capped by policy, so the model never learns above the cap.",
            "Customers who opted out of marketing are excluded from training.",
        ),
        ("card-balances", "payment-history", "bureau-snapshots", "income-verification"),
        (("expected loss error", 0.04, 0.09, False), ("uplift auc", 0.6, 0.72, True)),
        (("interest income added", "EUR/month", 50000, 400000),),
        (("90-day arrears rate on raised limits", 0.015, ""),),
        "offer rate parity across age bands and gender",
        ("age_band", "gender"),
        "existing limit rules from the credit policy",
        "Credit analysts approve large offers and review a sample of the rest weekly.",
        ("arrears on new limits > 1.5% at 90 days", "offer volume doubles week on week"),
        1.0,
        ("cards", "credit", "batch"),
    ),
    Domain(
        "dynamic-pricing-engine",
        "Home Insurance Pricing Engine",
        "decision",
        ("Chief Underwriting Officer",),
        (
            "Sets renewal price adjustments for home insurance policies within approved bands.",
            "Adjusts home insurance renewal quotes within the underwriting price corridor.",
        ),
        (
            "Runs before renewal letters are printed; adjustments stay inside the",
            "approved corridor and pricing actuaries sign off each monthly batch.",
        ),
        "New business quotes, commercial property and claims reserves.",
        (
            "Flood risk uses 2023 maps; newer flood defences are not reflected.",
            "Price walking rules cap renewal prices at the new-business equivalent.",
        ),
        ("policy-master", "claims-history", "flood-maps", "rebuild-costs"),
        (("loss ratio error", 0.03, 0.07, False), ("conversion auc", 0.68, 0.78, True)),
        (("renewal margin", "EUR/month", 60000, 380000),),
        (("renewal price above new-business price", 0, "policies"),),
        "price outcome parity across age bands",
        ("age_band", "postcode_region"),
        "last year's price with inflation index",
        "Pricing actuaries approve each batch and review any policy moved more than 15%.",
        ("renewal retention drops > 3 points", "any price above the corridor"),
        0.7,
        ("insurance", "pricing", "batch"),
    ),
    Domain(
        "support-reply-drafter",
        "Support Reply Drafter",
        "generative",
        ("Chief Customer Officer",),
        (
            "Drafts replies to customer support emails for agents to edit and send.",
            "Suggests first drafts for support emails so agents answer faster.",
        ),
        (
            "Agents see a draft next to the customer's email, edit it and send it;",
            "nothing is sent without an agent clicking send.",
        ),
        "Complaints handling, financial advice and any message sent without an agent.",
        (
            "Drafts can state wrong fees when the tariff changed after the last index refresh.",
            "Only English, German and Dutch are supported.",
            "Cannot see the customer's account data, only the email thread.",
        ),
        ("support-emails-2024", "knowledge-base", "tariff-sheets"),
        (("agent edit distance", 0.18, 0.35, False), ("groundedness", 0.9, 0.98, True)),
        (("agent handling time saved", "minutes/day", 600, 4800),),
        (("drafts with wrong fee", 0.01, ""), ("toxicity rate", 0.001, "")),
        "tone and refusal parity across customer name origin",
        ("name_origin", "language"),
        "agent writes the reply from scratch",
        "Agents review, edit and send every draft; team leads sample 2% weekly.",
        ("groundedness < 0.9 on the daily sample", "toxicity flag rate > 0.1%"),
        0.8,
        ("genai", "support", "assistant"),
    ),
    Domain(
        "contract-summarizer",
        "Supplier Contract Summarizer",
        "generative",
        ("General Counsel",),
        (
            "Summarises supplier contracts into key terms for the procurement team.",
            "Extracts and summarises obligations, renewal dates and liabilities from contracts.",
        ),
        (
            "Procurement officers upload a contract and get a summary with clause",
            "references; legal checks any summary used in a negotiation.",
        ),
        "Legal advice, customer contracts and anything filed with a regulator.",
        (
            "Scanned contracts with poor OCR produce incomplete summaries.",
            "Clauses longer than 4 pages are truncated in the summary.",
            "Does not compare against the company's standard terms.",
        ),
        ("supplier-contracts", "clause-library"),
        (("key-term recall", 0.85, 0.95, True), ("hallucinated clause rate", 0.005, 0.02, False)),
        (("legal review hours saved", "hours/month", 40, 320),),
        (("hallucinated clause rate", 0.02, ""),),
        "summary quality parity across contract languages",
        ("language",),
        "legal team summarises by hand",
        "Legal reviews every summary used for a negotiation or a renewal decision.",
        ("hallucinated clause rate > 2% on the weekly sample", "API error rate > 1%"),
        0.2,
        ("genai", "legal", "documents"),
    ),
    Domain(
        "kb-answer-assistant",
        "Internal Knowledge Assistant",
        "generative",
        ("CIO",),
        (
            "Answers staff questions from the internal policy and procedure library.",
            "Gives staff cited answers from internal policies and procedures.",
        ),
        (
            "Staff ask questions in the intranet chat; every answer cites its sources",
            "and links to the policy page it came from.",
        ),
        "Customer-facing answers, HR decisions and legal interpretation.",
        (
            "Answers can lag policy changes by up to a day (nightly index).",
            "Refuses questions about individual employees by design.",
            "Tables in scanned PDFs are often skipped.",
        ),
        ("policy-library", "procedure-manuals", "intranet-pages"),
        (("answer accuracy", 0.82, 0.93, True), ("citation precision", 0.88, 0.97, True)),
        (("helpdesk tickets avoided", "tickets/month", 200, 1800),),
        (("answers without citation", 0.02, ""),),
        "answer quality parity across office languages",
        ("language",),
        "search results page of the policy library",
        "Policy owners review flagged answers weekly and can block topics.",
        ("accuracy < 0.8 on the weekly golden set", "index refresh fails"),
        0.1,
        ("genai", "internal", "search"),
    ),
    Domain(
        "invoice-classifier",
        "Invoice Line Classifier",
        "predictive",
        ("CFO",),
        (
            "Assigns general ledger codes to supplier invoice lines.",
            "Classifies invoice lines into GL accounts and cost centres for accounts payable.",
        ),
        (
            "Runs when an invoice is captured; lines under the confidence threshold",
            "are coded by an accounts payable clerk.",
        ),
        "Payment approval, VAT treatment and fraud checks.",
        (
            "New suppliers are coded manually for their first three invoices.",
            "Multi-currency invoices use the booking-day rate only.",
        ),
        ("ap-invoices", "gl-postings", "supplier-master"),
        (("accuracy", 0.9, 0.97, True), ("macro f1", 0.8, 0.9, True)),
        (("clerk hours saved", "hours/month", 80, 600),),
        (("miscoded amount", 0.005, ""),),
        "accuracy parity across supplier countries",
        ("supplier_country",),
        "manual coding by accounts payable",
        "Clerks review every low-confidence line and month-end controls sample the rest.",
        ("accuracy < 0.88 on audited lines", "confidence below threshold for > 30% of lines"),
        0.0,
        ("finance", "documents", "batch"),
    ),
    Domain(
        "lead-scorer",
        "SME Lending Lead Scorer",
        "predictive",
        ("VP Business Banking",),
        (
            "Ranks small-business prospects by likelihood to take a loan offer.",
            "Scores SME prospects so relationship managers prioritise outreach.",
        ),
        (
            "Relationship managers see the top prospects each Monday in the CRM;",
            "the score only orders the list, credit decisions happen later.",
        ),
        "Credit decisions, pricing and marketing to consumers.",
        (
            "Sectors with few past loans (agriculture, shipping) score close to average.",
            "Company filings lag by up to a year.",
        ),
        ("crm-prospects", "company-filings", "past-loan-offers"),
        (("auc", 0.7, 0.82, True), ("precision at top 100", 0.25, 0.45, True)),
        (("loans originated from leads", "EUR/quarter", 500000, 5000000),),
        (("outreach per prospect", 3, "contacts/quarter"),),
        "outreach rate parity across owner age bands",
        ("owner_age_band", "region"),
        "relationship managers' own prospect lists",
        "Relationship managers decide whom to contact; no automated outreach.",
        ("auc < 0.68 on the quarterly backtest",),
        0.6,
        ("sme", "sales", "batch"),
    ),
    Domain(
        "predictive-maintenance",
        "ATM Predictive Maintenance",
        "predictive",
        ("COO Retail Operations",),
        (
            "Predicts ATM hardware failures a week ahead to schedule maintenance visits.",
            "Flags ATMs likely to fail soon so engineers visit before an outage.",
        ),
        (
            "Field service planning uses the weekly risk list to book visits;",
            "engineers can add or drop machines from the list.",
        ),
        "Cash forecasting and security incident detection.",
        (
            "Machines older than 12 years have sparse sensor data.",
            "Vendor firmware updates reset some counters.",
        ),
        ("atm-telemetry", "service-tickets", "vendor-parts"),
        (("recall at 7 days", 0.6, 0.78, True), ("precision", 0.4, 0.6, True)),
        (("ATM downtime avoided", "hours/month", 120, 900),),
        (("unnecessary visits", 0.3, ""),),
        "visit rate parity across urban and rural sites",
        ("site_region",),
        "fixed quarterly maintenance schedule",
        "Field service planners approve the visit list each week.",
        ("recall < 0.55 on last month's failures", "telemetry feed gap > 6 hours"),
        0.0,
        ("operations", "iot", "batch"),
    ),
    Domain(
        "collections-prioritizer",
        "Collections Prioritizer",
        "decision",
        ("Chief Credit Officer",),
        (
            "Chooses the next collections action for customers in early arrears.",
            "Decides whether a customer in arrears gets a reminder, a call or a payment plan.",
        ),
        (
            "Daily batch proposes an action per account; vulnerable customers are",
            "always routed to the specialist support team instead.",
        ),
        "Debt sale, legal action and any customer flagged as vulnerable.",
        (
            "Vulnerability flags depend on what customers told us; unflagged cases exist.",
            "Trained before the 2025 payment-holiday scheme ended.",
        ),
        ("arrears-accounts", "contact-history", "payment-plans"),
        (("cure rate uplift", 0.03, 0.09, True), ("auc", 0.68, 0.8, True)),
        (("arrears cured", "EUR/month", 100000, 700000),),
        (("complaints per 1000 contacts", 1.5, ""),),
        "action parity across age bands and vulnerability flags",
        ("age_band", "vulnerability_flag"),
        "standard collections strategy tree",
        "Collections agents can change any action; vulnerable customers go to specialists.",
        ("complaints > 1.5 per 1000 contacts", "cure rate drops 2 points month on month"),
        1.0,
        ("credit", "collections", "batch"),
    ),
    Domain(
        "code-review-assistant",
        "Code Review Assistant",
        "generative",
        ("CTO",),
        (
            "Suggests review comments on internal pull requests.",
            "Points reviewers at likely bugs and policy issues in internal code changes.",
        ),
        (
            "Posts suggestions as review comments that engineers accept or dismiss;",
            "it cannot approve or merge a pull request.",
        ),
        "Security sign-off, production change approval and customer-facing code generation.",
        (
            "Only sees the diff and 200 lines of context around it.",
            "Weak on infrastructure-as-code and SQL migrations.",
        ),
        ("internal-pull-requests", "coding-standards"),
        (("accepted suggestion rate", 0.25, 0.45, True), ("false alarm rate", 0.1, 0.3, False)),
        (("review time saved", "hours/month", 100, 900),),
        (("secrets echoed in comments", 0, "count"),),
        "suggestion tone parity across author seniority",
        ("author_seniority",),
        "human review only",
        "Engineers accept or dismiss every suggestion; merges need a human approval.",
        ("accepted rate < 0.2 for 2 weeks", "API error rate > 2%"),
        0.05,
        ("genai", "engineering", "assistant"),
    ),
)

TEAMS: tuple[tuple[str, str], ...] = (
    ("payments-risk", "Payments Risk ML"),
    ("fraud-platform", "Fraud Platform"),
    ("credit-risk-analytics", "Credit Risk Analytics"),
    ("retail-analytics", "Retail Analytics"),
    ("customer-insights", "Customer Insights"),
    ("claims-analytics", "Claims Analytics"),
    ("pricing-science", "Pricing Science"),
    ("genai-platform", "GenAI Platform"),
    ("financial-crime-analytics", "Financial Crime Analytics"),
    ("operations-data-science", "Operations Data Science"),
    ("finance-automation", "Finance Automation"),
    ("sme-banking-data", "SME Banking Data"),
    ("collections-analytics", "Collections Analytics"),
    ("ml-platform", "ML Platform"),
    ("developer-productivity", "Developer Productivity"),
    ("legal-engineering", "Legal Engineering"),
    ("cards-analytics", "Cards Analytics"),
    ("underwriting-models", "Underwriting Models"),
    ("digital-channels", "Digital Channels"),
    ("treasury-analytics", "Treasury Analytics"),
)
REGIONS = ("emea", "amer", "apac", "nordics", "dach", "iberia")
FIRST = (
    "dana",
    "omar",
    "kofi",
    "ines",
    "li",
    "sam",
    "maria",
    "jonas",
    "aisha",
    "tomas",
    "priya",
    "lucas",
    "yuki",
    "elena",
    "noah",
    "fatima",
    "erik",
    "chloe",
    "mateo",
    "hana",
    "ravi",
    "sofia",
    "david",
    "amara",
    "pieter",
    "nina",
    "karim",
    "lena",
    "oscar",
    "zara",
    "felix",
    "mei",
    "ahmed",
    "clara",
    "ivan",
    "rosa",
    "theo",
    "leila",
)
LAST = (
    "whitfield",
    "haddad",
    "mensah",
    "carvalho",
    "chen",
    "okafor",
    "rossi",
    "berg",
    "khan",
    "novak",
    "sharma",
    "martin",
    "tanaka",
    "petrova",
    "walsh",
    "el-amin",
    "lindqvist",
    "dubois",
    "garcia",
    "kim",
    "iyer",
    "costa",
    "levi",
    "obi",
    "de-vries",
    "schmidt",
    "nasser",
    "fischer",
    "moreno",
    "ali",
    "weber",
    "wong",
    "farouk",
    "silva",
    "kowalski",
    "romero",
    "janssen",
    "mahmoud",
)
SEVERITIES = ("low", "medium", "high", "critical")
INCIDENT_SUMMARIES = (
    "Scores degraded after an upstream schema change; fixed by reloading the feature view.",
    "Scoring job missed its window after a cluster upgrade; fallback route used for 6 hours.",
    "Input feed delivered duplicate records; outputs were recomputed the next day.",
    "Latency above the limit during a traffic peak; autoscaling limits raised.",
    "Wrong model version deployed to one region for 2 hours; rolled back.",
    "Spike in low-confidence outputs after a product launch; thresholds reviewed.",
    "Vendor API outage; requests went to the fallback route for 40 minutes.",
)
#: Leading indicators: name, unit, low and high value (a baseline is drawn below the value).
LEADING = (
    ("adoption rate", "%", 40, 95),
    ("task completion time saved", "minutes", 2, 30),
    ("outputs corrected by users", "%", 2, 15),
    ("user satisfaction", "score 1-5", 3, 5),
)
CONDITIONS = (
    "quarterly drift review with the Model Risk Office",
    "recalibrate before the next product launch",
    "monthly report on overrides by segment",
)
VALIDATOR_TEAM = "model-risk-office"
PRIVACY_TEAM = "privacy-office"
WAIVER_APPROVERS = ("cro-office", "model-risk-office", "chief-risk-officer")

# --------------------------------------------------------------------------------------
# Defect catalog
# --------------------------------------------------------------------------------------

#: Rule code -> conflict groups; two defects sharing a group are never combined.
DEFECTS: dict[str, tuple[str, ...]] = {
    "OWN001": ("owner",),
    "OWN002": ("owner",),
    "OWN003": ("owner",),
    "OWN004": ("owner",),
    "DOC001": ("doc",),
    "DOC002": ("runbook",),
    "DOC003": ("runbook",),
    "VAL001": ("validation",),
    "VAL002": ("validation",),
    "VAL003": ("validation",),
    "VAL004": ("validation", "owner"),
    "VAL005": ("validation",),
    "BIA001": ("bias",),
    "BIA002": ("bias",),
    "BIA003": ("bias",),
    "PIL001": ("pilot",),
    "PIL002": ("pilot",),
    "MET001": ("metrics",),
    "MET002": ("metrics",),
    "MET003": ("metrics",),
    "MON001": ("monitoring",),
    "RES001": ("fallback",),
    "HUM001": ("oversight",),
    "PRV001": ("privacy",),
    "INC001": ("incidents",),
    "WAI001": ("metrics", "waiver"),
    "WAI002": ("metrics", "waiver"),
    # The rules added on 2026-11-30.
    "VAL006": ("validation",),
    "DAT001": ("validation",),
    "WAI003": ("waiver",),
    "WAI004": ("metrics", "waiver", "owner"),
    "WAI005": ("metrics", "waiver"),
    "DOC004": ("runbook",),
    "POR001": ("priority",),
    "MET004": ("leading",),
    "PIL003": ("pilot",),
    "PIL004": ("pilot",),
}
HIGH = ("high", "critical")
LIVE = ("pilot", "production")
MAX_AGE = {"low": 365, "medium": 180, "high": 90, "critical": 90}
#: Validations are never older than this, so that they postdate the first commit of
#: a ``--git`` history (an import after the validation date is not an "edit after").
OLDEST_VALIDATION = 330


def applicable(code: str, stage: str, tier: str, validated: bool) -> bool:
    """Whether injecting ``code`` into a model of this stage and tier makes the rule fire."""
    if code == "OWN004" or code == "VAL004":
        return tier in HIGH and (validated or code == "OWN004")
    if code == "VAL001":
        return stage == "production"
    if code in ("VAL002", "VAL003", "VAL005", "DAT001"):
        return validated
    if code == "VAL006":
        return validated and stage in LIVE
    if code == "POR001":
        return stage == "proposed"
    if code in ("PIL003", "PIL004"):
        return stage == "pilot"
    if code in ("MET004", "WAI004", "WAI005"):
        return stage in LIVE
    if code in ("BIA001", "BIA002"):
        return tier != "low" and stage in LIVE
    if code in ("PIL001", "PIL002"):
        return stage == "pilot"
    if code in ("MET001", "BIA003", "INC001", "WAI001", "WAI002"):
        return stage in LIVE
    if code in ("MET003", "MON001", "RES001"):
        return stage == "production"
    if code == "HUM001":
        return tier in HIGH and stage in LIVE
    return True


# --------------------------------------------------------------------------------------
# Owners
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Owner:
    """One owner record, with what the generator needs to know about it."""

    id: str
    kind: str
    name: str
    email: str
    lead: str | None
    members: list[str]
    escalation: str | None
    review_handle: str | None
    active: bool = True
    note: str = ""
    owns_models: bool = True


def _person(rng: random.Random, taken: dict[str, None]) -> tuple[str, str]:
    """A fresh (first, last) pair whose slug is not in ``taken``."""
    for _ in range(200):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if f"{first}-{last}" not in taken:
            return first, last
    n = 2
    first, last = rng.choice(FIRST), rng.choice(LAST)
    while f"{first}-{last}{n}" in taken:
        n += 1
    return first, f"{last}{n}"


def _display(first: str, last: str) -> str:
    return f"{first.title()} {'-'.join(part.title() for part in last.split('-'))}"


def make_owners(rng: random.Random, count: int, domain: str) -> list[Owner]:
    """``count`` owner records: two governance teams, then model-owning teams and people.

    Why the governance teams: the Model Risk Office validates and the Privacy Office
    reviews training data; neither owns models, so validations by them are independent
    (VAL004) and their members are never members of a model-owning team.
    """
    taken: dict[str, None] = {}  # ordered set of used ids and handles
    governance: list[Owner] = []
    for oid, name, note in (
        (
            VALIDATOR_TEAM,
            "Model Risk Office",
            "Independent validation; reports to the CRO and owns no models.",
        ),
        (PRIVACY_TEAM, "Privacy Office (DPO)", "Reviews every training set that contains personal data."),
    ):
        handles = []
        for _ in range(3):
            first, last = _person(rng, taken)
            taken[f"{first}-{last}"] = None
            handles.append(f"{first}.{last}")
        governance.append(
            Owner(
                oid,
                "team",
                name,
                f"{oid}@{domain}",
                handles[0],
                handles,
                f"#{oid}",
                f"@acme/{oid}",
                note=note,
                owns_models=False,
            )
        )
    reserved = {h for o in governance for h in o.members}
    owners = list(governance)
    team_names = dict(TEAMS)
    for _ in range(count - len(governance)):
        if rng.random() < 0.3:
            first, last = _person(rng, taken)
            oid = f"{first}-{last}"
            taken[oid] = None
            owners.append(
                Owner(
                    oid,
                    "person",
                    _display(first, last),
                    f"{first}.{last}@{domain}",
                    None,
                    [],
                    f"@{first}.{last}" if rng.random() < 0.5 else None,
                    f"@{oid}" if rng.random() < 0.4 else None,
                    note="Owns models directly while the team is being staffed.",
                )
            )
            continue
        base = rng.choice(TEAMS)[0]
        oid = base
        if oid in taken:
            for region in REGIONS:
                if f"{base}-{region}" not in taken:
                    oid = f"{base}-{region}"
                    break
            n = 2
            while oid in taken:
                oid = f"{base}-{n}"
                n += 1
        taken[oid] = None
        suffix = oid[len(base) :].strip("-")
        name = team_names[base] + (f" {suffix.upper() if suffix.isalpha() else suffix}" if suffix else "")
        members: list[str] = []
        size = rng.randint(2, 5)
        while len(members) < size:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            handle = f"{first}.{last}"
            if handle not in members and handle not in reserved:
                members.append(handle)
        owners.append(
            Owner(
                oid,
                "team",
                name,
                f"{oid}@{domain}",
                members[0],
                members,
                f"#{oid}-oncall",
                f"@acme/{oid}" if rng.random() < 0.6 else None,
            )
        )
    model_owners = [i for i, o in enumerate(owners) if o.owns_models]
    n_inactive = max(1, round(len(model_owners) * 0.07))
    for index in rng.sample(model_owners, n_inactive):
        owners[index].active = False
        owners[index].note = (
            "Left the company; models are being handed over."
            if owners[index].kind == "person"
            else "Disbanded in the 2026 reorganisation."
        )
    return owners


def render_owner(owner: Owner, active: bool | None = None) -> str:
    """An owner record in the style of owners/<id>.yaml."""
    is_active = owner.active if active is None else active
    lines = [
        f"# {owner.name}: {owner.note}" if owner.note else f"# {owner.name}",
        f"id: {owner.id}",
        f"kind: {owner.kind:<28} # team | person",
        f"name: {scalar(owner.name)}",
        f"email: {owner.email}",
    ]
    if owner.lead:
        lines.append(f"lead: {owner.lead}")
    if owner.members:
        lines.append(f"members: {flow_list(owner.members)}")
    if owner.escalation:
        lines.append(f"escalation: {json.dumps(owner.escalation)}")
    if owner.review_handle:
        lines.append(f"review_handle: {json.dumps(owner.review_handle)}")
    lines.append(f"active: {'true' if is_active else 'false'}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Context:
    """What every model draws from: the date, the owners and the weighted owner pool."""

    today: date
    owners: dict[str, Owner]
    active_ids: list[str]
    active_cum: list[float]
    inactive_ids: list[str]

    def day(self, age: int) -> str:
        """The ISO date ``age`` days before today (negative ages are in the future)."""
        return (self.today - timedelta(days=age)).isoformat()

    def pick_owner(self, rng: random.Random, avoid: str | None = None) -> str:
        """An active model owner, heavy-tailed so some teams own many models."""
        while True:
            oid = rng.choices(self.active_ids, cum_weights=self.active_cum)[0]
            if oid != avoid:
                return oid


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


STAGES = (("proposed", 10), ("pilot", 17), ("production", 63), ("retired", 10))
TIERS = (("low", 25), ("medium", 35), ("high", 30), ("critical", 10))
INFRA = {
    "predictive": (("cloud", 60), ("on_prem", 20), ("hybrid", 20)),
    "decision": (("cloud", 50), ("on_prem", 35), ("hybrid", 15)),
    "generative": (("api", 65), ("cloud", 25), ("hybrid", 10)),
}
PROVIDERS = {
    "cloud": ("aws-sagemaker", "vertex-ai", "azure-ml", "databricks"),
    "on_prem": ("kubernetes-dc1", "openshift-dc2"),
    "hybrid": ("databricks", "kubernetes-dc1"),
    "api": ("openai/gpt-4.1", "anthropic/claude-sonnet-4", "azure-openai/gpt-4o", "mistral/mistral-large"),
}
DEPLOY_REGIONS = ("eu-west-1", "eu-central-1", "eu-west-2", "us-east-1")
SCHEMA_TYPOS = (
    ("kind", "predicitve"),
    ("kind", "Generative"),
    ("kind", "llm"),
    ("infrastructure", "on-prem"),
    ("infrastructure", "aws"),
    ("validation", "passed"),
    ("validation", "approved"),
    ("bias", "passed"),
    ("bias", "ok"),
    ("ownr", ""),
    ("ownr", ""),
)


def _prev_version(version: str) -> str | None:
    major, minor, patch = (int(p) for p in version.split("."))
    if patch:
        return f"{major}.{minor}.{patch - 1}"
    if minor:
        return f"{major}.{minor - 1}.2"
    return f"{major - 1}.4.0" if major > 1 else None


def _metric(rng: random.Random, spec: tuple[str, float, float, bool]) -> dict[str, Any]:
    name, lo, hi, higher = spec
    value = rng.uniform(lo, hi)
    delta = rng.uniform(0.02, 0.12) * (hi - lo + 0.05)
    baseline = value - delta if higher else value + delta
    target = value - delta / 3 if higher else value + delta / 3
    decimals = 3 if hi < 0.1 else 2
    return {
        "name": name,
        "value": round(value, decimals),
        "baseline": round(max(baseline, 0.0), decimals),
        "target": round(target, decimals),
    }


def build_model(
    index: int, width: int, rng: random.Random, ctx: Context, schema_typo: tuple[str, str] | None
) -> Card:
    """Draw one clean card, then inject its defects; returns the card's data.

    Why clean first: a clean card must pass every rule for ``today``, so defects are
    surgical edits whose findings are known and listed in ``expect``.
    """
    dom = rng.choice(DOMAINS)
    stage = _weighted(rng, STAGES)
    tier = _weighted(rng, TIERS)
    if dom.kind == "decision" and tier == "low":
        tier = "medium"
    number = f"{index:0{width}d}"
    major, minor, patch = rng.randint(1, 4), rng.randint(0, 9), rng.randint(0, 5)
    version = f"{major}.{minor}.{patch}"
    validated = stage != "proposed" or rng.random() < 0.5
    mid = f"{dom.slug}-{number}"

    defects: list[str] = []
    if schema_typo is None and stage != "retired" and rng.random() < DEFECT_PROBABILITY:
        wanted = 1 if rng.random() < 0.7 else 2
        codes = [c for c in DEFECTS if applicable(c, stage, tier, validated)]
        rng.shuffle(codes)
        groups: list[str] = []
        for code in codes:
            if len(defects) == wanted:
                break
            if not any(g in groups for g in DEFECTS[code]):
                defects.append(code)
                groups.extend(DEFECTS[code])
        defects.sort()

    # Owners: retired models are often left with a departed owner.
    if stage == "retired" and ctx.inactive_ids and rng.random() < 0.3:
        owner = rng.choice(ctx.inactive_ids)
    else:
        owner = ctx.pick_owner(rng)
    backup: str | None = None
    if tier in HIGH or rng.random() < 0.6:
        backup = ctx.pick_owner(rng, avoid=owner)

    pii = rng.random() < dom.pii
    infra = _weighted(rng, INFRA[dom.kind])
    n_limits = rng.randint(2, min(4, len(dom.limitations)))
    card: Card = {
        "id": mid,
        "name": f"{dom.title} {number}",
        "version": version,
        "kind": dom.kind,
        "stage": stage,
        "risk_tier": tier,
        "owner": owner,
        "backup_owner": backup,
        "runbook_owner": owner,
        "sponsor": rng.choice(dom.sponsors),
        "tags": list(dom.tags[: rng.randint(2, 3)]),
        "purpose": dom.purposes[rng.randint(0, 1)],
        "intended_use": dom.intended_use,
        "out_of_scope": dom.out_of_scope,
        "limitations": rng.sample(dom.limitations, n_limits),
        "sources": rng.sample(dom.sources, rng.randint(2, len(dom.sources))),
        "source_range": f"{2022 + rng.randint(0, 2)}-01..{ctx.today.year - 1}-12",
        "snapshot": f"s3://acme-ml-datasets/{dom.slug}/{mid}/v{rng.randint(2, 14)}",
        "contains_pii": pii,
        "privacy_review": {
            "date": ctx.day(rng.randint(60, 600)),
            "reviewer": PRIVACY_TEAM,
            "evidence": f"https://wiki.acme.example/privacy/dpia/DPIA-"
            f"{rng.randint(2024, ctx.today.year)}-"
            f"{rng.randint(1, 300):03d}",
        }
        if pii
        else None,
        "infrastructure": infra,
        "provider": rng.choice(PROVIDERS[infra]),
        "regions": sorted(rng.sample(DEPLOY_REGIONS, rng.randint(1, 2))),
        "model_metrics": [
            _metric(rng, s) for s in rng.sample(dom.model_metrics, min(2, len(dom.model_metrics)))
        ],
        "business": [],
        "guardrails": [],
        "pilot": None,
        "validation": None,
        "bias_tests": [],
        "drift": {"features": True, "predictions": rng.random() < 0.8},
        "alerts": rng.sample(dom.alerts, min(len(dom.alerts), rng.randint(2, 3))),
        "dashboard": f"https://grafana.acme.example/d/{mid}",
        "fallback": {"route": dom.fallback, "confidence_threshold": round(rng.uniform(0.5, 0.85), 2)},
        "human_oversight": dom.oversight,
        "runbook": "runbook.md",
        "incidents": [],
        "waivers": [],
        "expect": [],
        "typo": schema_typo,
        "runbook_missing": None,
        "runbook_reviewed": ctx.day(rng.randint(10, 200)),
        "retention_days": rng.choice((14, 30, 30, 60)),
        "decommissioned": ctx.day(rng.randint(20, 300)) if stage == "retired" else None,
        "domain": dom.slug,
    }
    card["alt_purpose"] = next(p for p in dom.purposes if p != card["purpose"])
    lname, lunit, llo, lhi = rng.choice(LEADING)
    lvalue = rng.randint(llo, lhi)
    card["leading"] = (
        [{"name": lname, "unit": lunit, "value": lvalue, "baseline": max(llo - 1, lvalue * 3 // 5)}]
        if stage in LIVE
        else []
    )
    card["priority"] = [rng.randint(2, 5) for _ in range(3)] if stage == "proposed" else None
    card["runbook_placeholder"] = None
    name, unit, lo, hi = rng.choice(dom.business)
    value = rng.randint(lo, hi) // 10 * 10
    card["business"] = [
        {
            "name": name,
            "unit": unit,
            "value": value,
            "baseline": value * rng.randint(40, 85) // 100 // 10 * 10,
        }
    ]
    for gname, gmax, gunit in rng.sample(dom.guardrails, len(dom.guardrails)):
        card["guardrails"].append(
            {"name": gname, "unit": gunit, "value": round(gmax * rng.uniform(0.3, 0.8), 4), "max": gmax}
        )

    if stage == "pilot":
        if rng.random() < 0.6:
            start = rng.randint(14, 80)
            card["pilot"] = {"start": start, "decision": "pending", "decided": None}
        else:
            start = rng.randint(92, 240)
            card["pilot"] = {
                "start": start,
                "decision": rng.choice(("go", "iterate")),
                "decided": start - 84 - rng.randint(1, 7),
            }
    elif stage == "production" and rng.random() < 0.4:
        start = rng.randint(300, 700)
        card["pilot"] = {"start": start, "decision": "go", "decided": start - 84 - 5}
    if card["pilot"] is not None:
        start = card["pilot"]["start"]
        card["pilot"]["start"] = ctx.day(start)
        card["pilot"]["end"] = ctx.day(start - 84)
        decided = card["pilot"]["decided"]
        card["pilot"]["decided"] = ctx.day(max(decided, 1)) if decided is not None else None
        card["pilot"]["exit_criteria"] = [
            f"{card['model_metrics'][0]['name']} >= {num(card['model_metrics'][0]['target'])}"
            " on live traffic for 4 weeks",
            f"{name} at least {num(card['business'][0]['baseline'] * 1.2)} {unit}",
        ]

    max_age = MAX_AGE[tier]
    if validated:
        age = rng.randint(3, min(max_age - 35, OLDEST_VALIDATION))
        vdate = ctx.day(age)
        card["validation"] = {
            "date": vdate,
            "age": age,
            "validator": VALIDATOR_TEAM
            if rng.random() < 0.7
            else rng.choice(ctx.owners[VALIDATOR_TEAM].members),
            "model_version": version,
            "result": "pass" if rng.random() < 0.85 else "conditional",
            "evidence": f"https://wiki.acme.example/mro/validations/{mid}/{vdate}",
        }
        card["validation"]["conditions"] = (
            [rng.choice(CONDITIONS)] if card["validation"]["result"] == "conditional" else None
        )
    biased = (tier != "low" and stage in LIVE) or rng.random() < 0.5
    if biased:
        tests = []
        newest = rng.randint(3, 150)
        # A card with a pilot section has room for one test only (MAX_CARD_LINES).
        older = card["pilot"] is None and rng.random() < 0.4
        ages = [newest] + ([newest + rng.randint(150, 300)] if older else [])
        for i, bage in enumerate(sorted(ages, reverse=True)):
            is_newest = i == len(ages) - 1
            failed = (not is_newest and rng.random() < 0.3) or (is_newest and rng.random() < 0.05)
            tests.append(
                {
                    "date": ctx.day(bage),
                    "method": dom.bias_method,
                    "attributes": list(dom.bias_attributes),
                    "result": "fail" if failed else "pass",
                    "evidence": f"https://wiki.acme.example/mro/bias/{mid}/{ctx.day(bage)}",
                    "mitigation": "Threshold recalibrated per segment; re-test scheduled."
                    if failed
                    else None,
                }
            )
        card["bias_tests"] = tests
    if stage in ("production", "retired") and rng.random() < 0.35:
        count = 1 if card["pilot"] is not None else rng.randint(1, 2)
        for iage in sorted(rng.sample(range(5, 320), count), reverse=True):
            card["incidents"].append(
                {
                    "date": ctx.day(iage),
                    "severity": rng.choice(SEVERITIES),
                    "summary": rng.choice(INCIDENT_SUMMARIES),
                    "review": f"https://wiki.acme.example/incidents/INC-{mid}-{ctx.day(iage)}",
                }
            )
    # Some healthy models carry a valid waiver that covers a real gap.
    waiver_ok = stage in LIVE and not any("metrics" in DEFECTS[d] for d in defects)
    if waiver_ok and schema_typo is None and rng.random() < 0.06:
        _add_waiver(card, rng, ctx, "valid")

    for code in defects:
        _inject(code, card, rng, ctx)
    if schema_typo is not None:
        card["expect"].append("SCH001")
        if schema_typo[0] == "ownr" and stage != "retired":  # retired: SCH rules only
            card["expect"].append("OWN001")
    card["expect"].sort()
    return card


def _add_waiver(card: Card, rng: random.Random, ctx: Context, state: str) -> str:
    """Add a waiver that covers a real gap (no guardrail or no business metric).

    Returns the code it covers. ``state`` is valid, expiring (inside the warning
    window), expired, unapproved (no ``approved_by``), long (past ``waiver_max_days``)
    or self (approved by the model's owner, so it silences nothing).
    """
    covers = "MET003" if card["stage"] == "production" and rng.random() < 0.5 else "MET001"
    if covers == "MET003":
        card["guardrails"] = []
    else:
        card["business"] = []
    expires = {
        "valid": -rng.randint(45, 300),
        "expiring": -rng.randint(0, 25),
        "expired": rng.randint(1, 120),
        "unapproved": -rng.randint(45, 300),
        "long": -rng.randint(366, 1500),  # WAI005: longer than waiver_max_days
        "self": -rng.randint(45, 300),  # WAI004: approved by the model's own owner
    }[state]
    reason = (
        "Guardrail metrics wait for the new latency and error exporter (PLAT-2207)."
        if covers == "MET003"
        else "Business metric to be agreed with finance after the first full quarter."
    )
    card["waivers"].append(
        {
            "rule": covers,
            "reason": reason,
            "approved_by": None
            if state == "unapproved"
            else card["owner"]
            if state == "self"
            else rng.choice(WAIVER_APPROVERS),
            "expires": ctx.day(expires),
        }
    )
    return covers


def _inject(code: str, card: Card, rng: random.Random, ctx: Context) -> None:
    """Break ``card`` so that exactly rule ``code`` (and what it implies) fires."""
    expect: list[str] = card["expect"]
    expect.append(code)
    tier = card["risk_tier"]
    validation = card["validation"]
    if code == "OWN001":
        card["owner"] = None
    elif code in ("OWN002", "OWN003"):
        bad = f"{rng.choice(TEAMS)[0]}-legacy" if code == "OWN002" else rng.choice(ctx.inactive_ids)
        if card["backup_owner"] is not None and rng.random() < 0.4:
            card["backup_owner"] = bad
        else:
            card["owner"] = bad
    elif code == "OWN004":
        card["backup_owner"] = None
    elif code == "DOC001":
        if rng.random() < 0.5:
            card["purpose"] = "" if rng.random() < 0.5 else None
        else:
            card["limitations"] = [] if rng.random() < 0.5 else None
    elif code == "DOC002":
        card["runbook"] = rng.choice(("docs/runbook.md", "RUNBOOK.md", "runbook-v2.md"))
    elif code == "DOC003":
        card["runbook_missing"] = rng.choice(("Fallback", "Rollback", "Escalation"))
    elif code == "VAL001":
        card["validation"] = None
    elif code == "VAL002":
        limit = MAX_AGE[tier]
        if tier == "low" or rng.random() < 0.3:  # inside the warning window
            age = rng.randint(limit - 29, min(limit, OLDEST_VALIDATION + 33))
        else:
            age = rng.randint(limit + 1, min(limit + 150, OLDEST_VALIDATION))
        validation["age"] = age
        validation["date"] = ctx.day(age)
        validation["evidence"] = validation["evidence"].rsplit("/", 1)[0] + "/" + ctx.day(age)
    elif code == "VAL003":
        previous = _prev_version(card["version"])
        if previous is None:
            card["version"] = "1.1.0"
            previous = "1.0.0"
        validation["model_version"] = previous
    elif code == "VAL004":
        owner = ctx.owners[card["owner"]]
        choices = [owner.id] + ([owner.lead] if owner.lead else []) + owner.members
        validation["validator"] = rng.choice(choices)
    elif code == "VAL005":
        if validation["age"] < 20:
            validation["age"] = rng.randint(20, max(20, min(MAX_AGE[tier] - 35, 120)))
            validation["date"] = ctx.day(validation["age"])
            validation["evidence"] = validation["evidence"].rsplit("/", 1)[0] + "/" + validation["date"]
    elif code == "BIA001":
        card["bias_tests"] = [] if rng.random() < 0.5 else None
    elif code == "BIA002":
        bage = rng.randint(181, 330)
        card["bias_tests"] = [
            dict(card["bias_tests"][-1], date=ctx.day(bage), result="pass", mitigation=None)
        ]
    elif code == "BIA003":
        if not card["bias_tests"]:
            card["bias_tests"] = [
                {
                    "date": ctx.day(rng.randint(3, 150)),
                    "method": "demographic parity by age band",
                    "attributes": ["age_band"],
                    "result": "pass",
                    "evidence": f"https://wiki.acme.example/mro/bias/{card['id']}/latest",
                    "mitigation": None,
                }
            ]
        card["bias_tests"][-1] = dict(card["bias_tests"][-1], result="fail", mitigation=None)
    elif code == "PIL001":
        card["pilot"]["exit_criteria"] = None
    elif code == "PIL002":
        start = rng.randint(92, 200)
        card["pilot"].update(
            start=ctx.day(start),
            end=ctx.day(start - 84),
            decision="pending" if rng.random() < 0.6 else None,
            decided=None,
        )
        expect.append("PIL003")  # its planned end (84 days after the start) has passed too
    elif code == "MET001":
        card["business"] = []
    elif code == "MET002":
        metrics = card["model_metrics"] + card["business"]
        victim = rng.choice(metrics)
        victim.pop("baseline")
    elif code == "MET003":
        card["guardrails"] = []
    elif code == "MON001":
        card["drift"] = {"features": False, "predictions": False} if rng.random() < 0.6 else None
    elif code == "RES001":
        card["fallback"] = {"route": None, "confidence_threshold": 0.7} if rng.random() < 0.5 else None
    elif code == "HUM001":
        card["human_oversight"] = None
    elif code == "PRV001":
        card["contains_pii"] = True
        card["privacy_review"] = None
    elif code == "INC001":
        iage = rng.randint(5, 200)
        card["incidents"].append(
            {
                "date": ctx.day(iage),
                "severity": rng.choice(SEVERITIES),
                "summary": rng.choice(INCIDENT_SUMMARIES),
                "review": None,
            }
        )
        card["incidents"].sort(key=lambda inc: inc["date"])
    elif code in ("WAI001", "WAI002"):
        state = "unapproved" if code == "WAI002" else "expired" if rng.random() < 0.7 else "expiring"
        covered = _add_waiver(card, rng, ctx, state)
        if state != "expiring":
            expect.append(covered)
    else:
        _inject_2026_11_30(code, card, rng, ctx)


def _inject_2026_11_30(code: str, card: Card, rng: random.Random, ctx: Context) -> None:
    """The defects of the rules added on 2026-11-30 (``code`` is already in ``expect``)."""
    validation = card["validation"]
    if code == "VAL006":
        if rng.random() < 0.5:
            validation["result"] = "fail"
        else:
            validation["result"] = "conditional"
        validation["conditions"] = None
    elif code == "DAT001":  # a validation dated ahead, as when the planned date is typed in
        age = -rng.randint(1, 60)
        validation.update(age=age, date=ctx.day(age))
        validation["evidence"] = validation["evidence"].rsplit("/", 1)[0] + "/" + validation["date"]
    elif code == "WAI003":
        rule = rng.choice(("SCH001", "DAT001", "WAI001", "MET005", "BIA004"))
        card["waivers"].append(
            {
                "rule": rule,
                "reason": "Agreed at the model risk forum; see the minutes.",
                "approved_by": rng.choice(WAIVER_APPROVERS),
                "expires": ctx.day(-rng.randint(45, 300)),
            }
        )
    elif code in ("WAI004", "WAI005"):
        covered = _add_waiver(card, rng, ctx, "self" if code == "WAI004" else "long")
        if code == "WAI004":
            card["expect"].append(covered)
    elif code == "DOC004":
        card["runbook_placeholder"] = rng.choice(("Fallback", "Rollback", "Escalation"))
    elif code == "POR001":
        if rng.random() < 0.5:
            card["priority"] = None
        else:
            card["priority"][rng.randrange(3)] = None
    elif code == "MET004":
        card["leading"] = []
    elif code == "PIL003":  # planned end passed, decision still open
        start = rng.randint(30, 80)
        card["pilot"].update(
            start=ctx.day(start), end=ctx.day(rng.randint(1, start - 20)), decision="pending", decided=None
        )
    elif code == "PIL004":  # planned for longer than pilot_max_weeks, not yet over
        start = rng.randint(14, 80)
        card["pilot"].update(
            start=ctx.day(start),
            end=ctx.day(start - 84 - rng.randint(1, 90)),
            decision="pending",
            decided=None,
        )


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------


def _enum(key: str, value: str, choices: str, indent: str = "") -> str:
    """``key: value`` padded so its enum comment lines up like the FORMAT.md example."""
    return f"{f'{indent}{key}: {value}':<33} # {choices}"


def render_card(card: Card) -> str:
    """A model_card.yaml, written with f-strings for speed (≈30 µs per card)."""
    typo_field, typo_value = card["typo"] or ("", "")
    expect = " ".join(card["expect"]) or "none"
    mid = card["id"]
    out = [
        f"# Model card: {card['name']}",
        f"# benchmark-expect: {expect}",
        f"id: {mid}",
        f"name: {scalar(card['name'])}",
        f"version: {card['version']}",
        _enum(
            "kind", typo_value if typo_field == "kind" else card["kind"], "predictive | generative | decision"
        ),
        _enum("stage", card["stage"], "proposed | pilot | production | retired"),
        _enum("risk_tier", card["risk_tier"], "low | medium | high | critical"),
    ]
    if card["owner"] is not None:
        out.append(f"{'ownr' if typo_field == 'ownr' else 'owner'}: {card['owner']}")
    if card["backup_owner"] is not None:
        out.append(f"backup_owner: {card['backup_owner']}")
    out.append(f"sponsor: {scalar(card['sponsor'])}")
    out.append(f"tags: {flow_list(card['tags'])}")
    if card["decommissioned"]:
        out.append(f"decommissioned: {card['decommissioned']}")
    out.append("")
    if card["purpose"] is not None:
        out.append(f"purpose: {scalar(card['purpose']) if card['purpose'] else chr(34) * 2}")
    first, second = card["intended_use"]
    out += ["intended_use: >-", f"  {first}", f"  {second}", f"out_of_scope: {scalar(card['out_of_scope'])}"]
    limitations = card["limitations"]
    if limitations is not None:
        if limitations:
            out.append("limitations:")
            out += [f"  - {scalar(item)}" for item in limitations]
        else:
            out.append("limitations: []")
    since = card["source_range"]
    out += [
        "",
        "training_data:",
        f"  sources: {flow_list([f'{s} {since}' for s in card['sources']])}",
        f"  snapshot: {card['snapshot']}",
        f"  contains_pii: {'true' if card['contains_pii'] else 'false'}",
    ]
    review = card["privacy_review"]
    if review is not None:
        out += [
            "  privacy_review:",
            f"    date: {review['date']}",
            f"    reviewer: {review['reviewer']}",
            f"    evidence: {review['evidence']}",
        ]
    infra = typo_value if typo_field == "infrastructure" else card["infrastructure"]
    out += [
        "deployment:",
        _enum("infrastructure", infra, "cloud | on_prem | hybrid | api", "  "),
        f"  provider: {card['provider']}",
        f"  regions: {flow_list(card['regions'])}",
        "",
        "metrics:",
        "  # Baselines: the process the model replaced, same period.",
        "  model:",
    ]
    for m in card["model_metrics"]:
        base = f", baseline: {num(m['baseline'])}" if "baseline" in m else ""
        out.append(
            f"    - {{name: {scalar(m['name'], True)}, value: {num(m['value'])}{base}, "
            f"target: {num(m['target'])}}}"
        )
    if card["business"]:
        out.append("  business:")
        for m in card["business"]:
            base = f", baseline: {num(m['baseline'])}" if "baseline" in m else ""
            out.append(
                f"    - {{name: {scalar(m['name'], True)}, unit: "
                f"{scalar(m['unit'], True)}, value: {num(m['value'])}{base}}}"
            )
    else:
        out.append("  business: []")
    if card["guardrails"]:
        out.append("  guardrails:")
        for m in card["guardrails"]:
            unit = f", unit: {scalar(m['unit'], True)}" if m["unit"] else ""
            out.append(
                f"    - {{name: {scalar(m['name'], True)}{unit}, "
                f"value: {num(m['value'])}, max: {num(m['max'])}}}"
            )
    else:
        out.append("  guardrails: []")
    for m in card["leading"]:
        out.append(
            f"  leading: [{{name: {scalar(m['name'], True)}, unit: {scalar(m['unit'], True)}, "
            f"value: {num(m['value'])}, baseline: {num(m['baseline'])}}}]"
        )
    if card["priority"] is not None:
        scores = ", ".join(
            f"{key}: {value}"
            for key, value in zip(("impact", "feasibility", "readiness"), card["priority"], strict=True)
            if value is not None
        )
        out.append(f"priority: {{{scores}}}   # use-case scores, 1 (low) to 5 (high)")
    pilot = card["pilot"]
    if pilot is not None:
        out += ["", "pilot:", f"  start: {pilot['start']}", f"  end: {pilot['end']}"]
        if pilot["exit_criteria"] is not None:
            out.append("  exit_criteria:")
            out += [f"    - {scalar(c)}" for c in pilot["exit_criteria"]]
        if pilot["decision"] is not None:
            out.append(_enum("decision", pilot["decision"], "pending | go | no-go | iterate", "  "))
        if pilot["decided"] is not None:
            out.append(f"  decided: {pilot['decided']}")
    out.append("")
    validation = card["validation"]
    if validation is not None:
        result = typo_value if typo_field == "validation" else validation["result"]
        out += [
            "validation:",
            f"  date: {validation['date']}",
            f"  validator: {validation['validator']}",
            f"  model_version: {validation['model_version']}",
            _enum("result", result, "pass | fail | conditional", "  "),
        ]
        if validation.get("conditions"):
            out.append(f"  conditions: {flow_list(validation['conditions'])}")
        out.append(f"  evidence: {validation['evidence']}")
    elif card["stage"] == "proposed":
        out.append("# validation: not scheduled yet; the model is still a proposal.")
    bias = card["bias_tests"]
    if bias is None:
        pass
    elif not bias:
        out.append("bias_tests: []")
    else:
        out += ["bias_tests:", "  # Oldest first; the audit reads the newest by date."]
        for n, test in enumerate(bias):
            result = typo_value if typo_field == "bias" and n == len(bias) - 1 else test["result"]
            out += [
                f"  - date: {test['date']}",
                f"    method: {scalar(test['method'])}",
                f"    attributes: {flow_list(test['attributes'])}",
                _enum("result", result, "pass | fail", "    "),
                f"    evidence: {test['evidence']}",
            ]
            if test["mitigation"]:
                out.append(f"    mitigation: {scalar(test['mitigation'])}")
    out += ["", "monitoring:"]
    drift = card["drift"]
    if drift is not None:
        out.append(
            f"  drift: {{features: {str(drift['features']).lower()}, "
            f"predictions: {str(drift['predictions']).lower()}}}"
        )
    out.append("  alerts:")
    out += [f"    - {scalar(a)}" for a in card["alerts"]]
    out.append(f"  dashboard: {card['dashboard']}")
    fallback = card["fallback"]
    if fallback is not None:
        out.append("fallback:")
        if fallback["route"] is not None:
            out.append(f"  route: {scalar(fallback['route'])}")
        out.append(f"  confidence_threshold: {num(fallback['confidence_threshold'])}")
    if card["human_oversight"] is not None:
        out.append(f"human_oversight: {scalar(card['human_oversight'])}")
    out.append(f"runbook: {card['runbook']}")
    out.append("")
    incidents = card["incidents"]
    if incidents:
        out.append("incidents:")
        for inc in incidents:
            out += [
                f"  - date: {inc['date']}",
                f"    severity: {inc['severity']}",
                f"    summary: {scalar(inc['summary'])}",
            ]
            if inc["review"] is not None:
                out.append(f"    review: {inc['review']}")
    else:
        out.append("incidents: []")
    if card["waivers"]:
        out += ["waivers:", "  # Each waiver silences one rule for this model until it expires."]
        for w in card["waivers"]:
            out += [f"  - rule: {w['rule']}", f"    reason: {scalar(w['reason'])}"]
            if w["approved_by"] is not None:
                out.append(f"    approved_by: {w['approved_by']}")
            out.append(f"    expires: {w['expires']}")
    if len(out) > MAX_CARD_LINES:  # the blank separators go first
        out = [line for line in out if line]
    return "\n".join(out) + "\n"


def render_runbook(card: Card, ctx: Context, variant: int = 0) -> str:
    """runbook.md with front matter; ``variant`` > 0 renders an older wording."""
    missing = card["runbook_missing"]
    owner_id = card["runbook_owner"]
    owner = ctx.owners[owner_id]
    oncall = owner.escalation or f"#{owner_id}"
    keep = card["retention_days"] + 7 * variant
    route = (
        card["fallback"]["route"]
        if card["fallback"] and card["fallback"]["route"]
        else ("the manual process the model replaced")
    )
    heads = {"Fallback": "## Fallback", "Rollback": "## Rollback", "Escalation": "## Escalation"}
    variants = {"Fallback": "## Degraded mode", "Rollback": "## Rolling back", "Escalation": "## Who to call"}
    lines = [
        "---",
        f"model: {card['id']}",
        f"owner: {owner_id}",
        f"last_reviewed: {card['runbook_reviewed']}",
        "---",
        "",
        f"# {card['name']} runbook",
        "",
        "## Overview",
        "",
        f"`{card['id']}` is a {card['kind']} model at stage {card['stage']} ({card['risk_tier']} risk).",
        f"{card['purpose'] or card['alt_purpose']}",
        f"It runs on {card['provider']}; dashboard: {card['dashboard']}.",
        "",
    ]
    sections = {
        "Fallback": [
            "If the model is down, slow or below its confidence threshold, send work to",
            f"{route}.",
            f"The switch is the `{card['id']}.enabled` feature flag.",
            "Tell the business owner when the fallback stays on for more than an hour.",
        ],
        "Rollback": [
            "1. Redeploy the previous validated version from the model release pipeline.",
            f"2. Previous versions are kept for {keep} days after each release.",
            "3. Record the rollback in the change log and tell the Model Risk Office.",
        ],
        "Escalation": [
            f"1. On-call: {oncall}.",
            f"2. Then the owning team lead, then the backup owner ({card['backup_owner'] or 'none named'}).",
            "3. Customer impact: open a major incident with the duty manager.",
        ],
    }
    placeholder = card["runbook_placeholder"]
    if placeholder is not None:
        sections[placeholder] = [f"TODO: write the {placeholder.lower()} steps (OPS-{len(card['id']) * 37})."]
    for name, body in sections.items():
        if name == missing:
            if variant % 2 == 0 and len(card["id"]) % 2 == 0:
                continue  # dropped entirely
            lines += [variants[name], "", *body, ""]
        else:
            suffix = {"Fallback": " procedure", "Rollback": "", "Escalation": " path"}[name]
            lines += [heads[name] + (suffix if len(card["id"]) % 3 == 0 else ""), "", *body, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_registry(models: int) -> str:
    """registry.yaml with the default policy spelled out and explained."""
    return f"""\
# Acme Financial AI model registry (benchmark data, {models} models).
#
# Every AI model Acme builds, buys or operates has a card under models/<id>/ and an
# owner record under owners/. The policy below is the registry default, written out
# so that reviewers can see it; changes need a Model Risk Office approval.
registry: 1                       # format version
name: Acme AI registry
description: >-
  Model cards, runbooks and owners for Acme's predictive, generative and
  automated-decision models, audited in CI on every pull request.

policy:
  # Maximum age of a validation, in days, per risk tier (MRM policy section 4.2).
  validation_max_age_days: {{low: 365, medium: 180, high: 90, critical: 90}}
  # Tiers whose pilot and production models need a bias test (section 5.1).
  bias_test_required_for: [medium, high, critical]   # risk tiers
  bias_test_max_age_days: 180     # twice a year
  pilot_max_weeks: 12             # a pilot gets a decision within a quarter
  expiry_warning_days: 30         # warn this long before a validation or waiver expires
  # Minimum runbook content for anything in pilot or production (section 7.1).
  runbook_sections: [Fallback, Rollback, Escalation]
  fail_on: error                  # lowest severity that makes `registry audit` exit 1
  waiver_max_days: 365            # a waiver may not run longer than this past today
  # Weights of the three priority scores of a proposed use case.
  priority_weights: {{impact: 1, feasibility: 1, readiness: 1}}

# Per-rule overrides (error | warning | info | off). None: the defaults apply.
# rules:
#   MET002: info
"""


GITIGNORE = "# Local cache and index of the registry tool.\n.registry/\n"

# --------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Registry:
    """Everything generated, before it is written."""

    ctx: Context
    owners: list[Owner]
    cards: list[Card]
    models: int


def build(models: int, seed: int, today: date) -> Registry:
    """Draw owners and cards from one seeded RNG, in a fixed order."""
    rng = random.Random(seed)
    owner_count = max(5, round(models / 20))
    owners = make_owners(rng, owner_count, "acme.example")
    active = [o.id for o in owners if o.owns_models and o.active]
    cum: list[float] = []
    total = 0.0
    for _ in active:
        total += rng.choice((1, 1, 1, 2, 2, 3, 5, 8))
        cum.append(total)
    ctx = Context(
        today,
        {o.id: o for o in owners},
        active,
        cum,
        [o.id for o in owners if o.owns_models and not o.active],
    )
    width = max(4, len(str(models)))
    broken_count = round(models * BROKEN_FRACTION)
    broken = dict.fromkeys(sorted(rng.sample(range(1, models + 1), broken_count)))
    cards = []
    for index in range(1, models + 1):
        typo = rng.choice(SCHEMA_TYPOS) if index in broken else None
        card = build_model(index, width, rng, ctx, typo)
        if typo is not None and typo[0] == "validation" and card["validation"] is None:
            card["typo"] = ("kind", "predicitve")
        if typo is not None and typo[0] == "bias" and not card["bias_tests"]:
            card["typo"] = ("infrastructure", "on-prem")
        cards.append(card)
    # A history-aware rule needs something to find even in a small registry.
    flagged = sum("VAL005" in c["expect"] for c in cards)
    candidates = [
        c
        for c in cards
        if not c["expect"]
        and c["validation"] is not None
        and c["stage"] != "retired"
        and c["validation"]["age"] >= 20
    ]
    for card in rng.sample(candidates, max(0, min(len(candidates), 2 - flagged))):
        card["expect"] = ["VAL005"]
    return Registry(ctx, owners, cards, models)


def _files(reg: Registry) -> dict[str, str]:
    """Final content of every file, by path relative to OUT, in a fixed order."""
    files = {".gitignore": GITIGNORE, "registry.yaml": render_registry(reg.models)}
    for owner in reg.owners:
        files[f"owners/{owner.id}.yaml"] = render_owner(owner)
    for card in reg.cards:
        files[f"models/{card['id']}/model_card.yaml"] = render_card(card)
        files[f"models/{card['id']}/runbook.md"] = render_runbook(card, reg.ctx)
    return files


def _write(out: Path, rel: str, text: str, made: dict[Path, None]) -> None:
    path = out / rel
    parent = path.parent
    if parent not in made:
        parent.mkdir(parents=True, exist_ok=True)
        made[parent] = None
    path.write_bytes(text.encode("utf-8"))


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not an empty folder")


def generate(
    out: Path,
    models: int,
    seed: int = 0,
    git: bool = False,
    today: date = DEFAULT_TODAY,
    weeks: int | None = None,
) -> None:
    """Write a registry of ``models`` cards to the empty or missing folder ``out``.

    ``weeks`` spreads the git history over that many weeks, one commit a week, instead
    of :data:`HISTORY_COMMITS` commits over the year before ``today`` (``registry
    trend`` is measured over 200 weeks). Raises FileExistsError if ``out`` is a file
    or a non-empty folder, and ValueError for fewer than 1 model or 2 weeks.
    """
    _generate(Path(out), models, seed, git, today, weeks)


def _generate(
    out: Path, models: int, seed: int, git: bool, today: date, weeks: int | None = None
) -> tuple[int, int]:
    """:func:`generate`, returning (models, owners) for the summary line."""
    if models < 1:
        raise ValueError("--models must be at least 1")
    if weeks is not None and weeks < 2:
        raise ValueError("--weeks must be at least 2")
    _check_out(out)
    reg = build(models, seed, today)
    files = _files(reg)
    out.mkdir(parents=True, exist_ok=True)
    made: dict[Path, None] = {}
    for rel, text in files.items():
        _write(out, rel, text, made)
    if git:
        commits, span = (HISTORY_COMMITS, 363) if weeks is None else (weeks, (weeks - 1) * 7)
        _import_history(out, plan_history(reg, files, seed, commits, span), files)
    return len(reg.cards), len(reg.owners)


# --------------------------------------------------------------------------------------
# Git history
# --------------------------------------------------------------------------------------

AUTHORS = (
    ("Dana Whitfield", "dana.whitfield@acme.example"),
    ("Omar Haddad", "omar.haddad@acme.example"),
    ("Helen Osei", "helen.osei@acme.example"),
    ("Registry Bot", "registry-bot@acme.example"),
)


@dataclass(slots=True)
class History:
    """Earlier contents (committed first) and the edits of each later commit."""

    days: list[date]
    initial: dict[str, str]
    edits: list[dict[str, str]]  # per commit: path -> new content
    messages: list[list[str]]


def _edit_field(card: Card, rng: random.Random) -> Card:
    """An earlier version of ``card`` differing in one non-exempt field (for VAL005)."""
    earlier = copy.deepcopy(card)
    options = ["sponsor", "alerts"]
    if card["purpose"]:
        options.append("purpose")
    if card["limitations"] and len(card["limitations"]) >= 2:
        options.append("limitations")
    if card["fallback"] is not None:
        options.append("threshold")
    choice = rng.choice(options)
    if choice == "purpose":
        earlier["purpose"] = card["alt_purpose"]
    elif choice == "limitations":
        earlier["limitations"] = card["limitations"][:-1]
    elif choice == "sponsor":
        earlier["sponsor"] = (
            "Chief Operating Officer"
            if card["sponsor"] != ("Chief Operating Officer")
            else "Chief Risk Officer"
        )
    elif choice == "alerts":
        earlier["alerts"] = [*card["alerts"], "scoring job fails twice in a row"]
    else:
        threshold = card["fallback"]["confidence_threshold"]
        earlier["fallback"]["confidence_threshold"] = round(threshold + 0.05, 2) if (threshold < 0.9) else 0.6
    return earlier


def plan_history(
    reg: Registry, files: dict[str, str], seed: int, commits: int = HISTORY_COMMITS, span: int = 363
) -> History:
    """Decide which files change in which commit, without touching the final tree.

    Why this shape: the working tree must not depend on ``--git``, so the history is
    made of *earlier* versions that later commits bring to their final state. Card
    edits in fields other than validation, bias_tests, incidents and waivers happen
    strictly before the validation date, except on the cards labelled VAL005, which
    are edited strictly after it. Everything else (validation refreshes, new bias
    tests and incidents) is exempt from VAL005 and lands on or after its date.
    """
    rng = random.Random(f"history:{seed}")
    today = reg.ctx.today
    first = today - timedelta(days=span + 1)
    days = [first + timedelta(days=round(k * span / (commits - 1))) for k in range(commits)]
    initial: dict[str, str] = {}
    edits: list[dict[str, str]] = [{} for _ in days]
    messages: list[list[str]] = [[] for _ in days]
    later = range(1, commits)

    def schedule(path: str, steps: list[tuple[int, str, str]]) -> None:
        """``steps``: (commit, content after it, message); earliest first."""
        for k, text, message in steps:
            edits[k][path] = text
            messages[k].append(message)

    story_rate = min(1.0, max(commits * 1.5, reg.models / 8) / reg.models)
    for card in reg.cards:
        mid = card["id"]
        path = f"models/{mid}/model_card.yaml"
        validation = card["validation"]
        vday = date.fromisoformat(validation["date"]) if validation else None
        if "VAL005" in card["expect"]:
            assert vday is not None
            ks = [k for k in later if days[k] > vday]
            k = rng.choice(ks)
            initial[path] = render_card(_edit_field(card, rng))
            schedule(path, [(k, files[path], f"Update {mid} card after review")])
            continue
        if rng.random() >= story_rate:
            continue
        stories = ["edit"]
        if card["stage"] == "retired":
            stories.append("retire")
        if vday is not None and any(days[k] >= vday for k in later):
            stories.append("revalidate")
            if (
                card["validation"]["model_version"] == card["version"]
                and _prev_version(card["version"])
                and any(days[k] < vday for k in later)
            ):
                stories.append("release")
        if card["bias_tests"] and any(
            days[k] >= date.fromisoformat(card["bias_tests"][-1]["date"]) for k in later
        ):
            stories.append("bias")
        if card["incidents"] and days[1] <= date.fromisoformat(card["incidents"][-1]["date"]):
            stories.append("incident")
        story = rng.choice(stories)
        if story == "edit":
            ks = [k for k in later if vday is None or days[k] < vday]
            if not ks:
                continue
            initial[path] = render_card(_edit_field(card, rng))
            schedule(path, [(rng.choice(ks), files[path], f"Clarify the {mid} card")])
        elif story == "retire":
            earlier = dict(card, stage="production", decommissioned=None)
            initial[path] = render_card(earlier)
            schedule(path, [(rng.choice(list(later)), files[path], f"Retire {mid}")])
        elif story == "revalidate":
            assert vday is not None
            ks = [k for k in later if days[k] >= vday]
            earlier = copy.deepcopy(card)
            old = vday - timedelta(days=rng.randint(90, 200))
            earlier["validation"]["date"] = old.isoformat()
            earlier["validation"]["evidence"] = (
                card["validation"]["evidence"].rsplit("/", 1)[0] + "/" + old.isoformat()
            )
            initial[path] = render_card(earlier)
            schedule(path, [(ks[0], files[path], f"Record the new validation of {mid}")])
        elif story == "release":
            assert vday is not None
            before = [k for k in later if days[k] < vday]
            after = [k for k in later if days[k] >= vday]
            previous = _prev_version(card["version"])
            old = vday - timedelta(days=rng.randint(90, 200))
            released = copy.deepcopy(card)
            released["validation"].update(
                date=old.isoformat(),
                model_version=previous,
                evidence=card["validation"]["evidence"].rsplit("/", 1)[0] + "/" + old.isoformat(),
            )
            earliest = dict(copy.deepcopy(released), version=previous)
            initial[path] = render_card(earliest)
            schedule(
                path,
                [
                    (rng.choice(before), render_card(released), f"Release {mid} {card['version']}"),
                    (after[0], files[path], f"Validate {mid} {card['version']}"),
                ],
            )
        elif story == "bias":
            newest = date.fromisoformat(card["bias_tests"][-1]["date"])
            ks = [k for k in later if days[k] >= newest]
            initial[path] = render_card(dict(card, bias_tests=card["bias_tests"][:-1]))
            schedule(path, [(ks[0], files[path], f"Add the latest bias test of {mid}")])
        else:
            happened = date.fromisoformat(card["incidents"][-1]["date"])
            ks = [k for k in later if days[k] >= happened]
            initial[path] = render_card(dict(card, incidents=card["incidents"][:-1]))
            schedule(path, [(ks[0], files[path], f"Log an incident on {mid}")])

    for owner in reg.owners:
        if not owner.active:
            path = f"owners/{owner.id}.yaml"
            initial[path] = render_owner(owner, active=True)
            schedule(path, [(rng.choice(list(later)), files[path], f"Mark {owner.id} as inactive")])

    # Runbook touch-ups fill the commits that nothing else changed.
    touched: dict[int, list[int]] = {}
    order = list(range(len(reg.cards)))
    for k in later:
        if edits[k] and rng.random() < 0.7:
            continue
        touched.setdefault(rng.choice(order), []).append(k)
    for index, ks in sorted(touched.items()):
        card = reg.cards[index]
        path = f"models/{card['id']}/runbook.md"
        initial[path] = render_runbook(card, reg.ctx, variant=len(ks))
        steps = []
        for n, k in enumerate(sorted(ks)):
            remaining = len(ks) - n - 1
            text = files[path] if remaining == 0 else render_runbook(card, reg.ctx, remaining)
            steps.append((k, text, f"Update the {card['id']} runbook"))
        schedule(path, steps)
    return History(days, initial, edits, messages)


def _git_env(when: datetime, author: tuple[str, str]) -> dict[str, str]:
    """A clean environment: no inherited GIT_* variables, fixed identity and dates.

    Why: a caller running inside a git hook has GIT_DIR and GIT_INDEX_FILE set, which
    would point our commands at the caller's repository; user and system config could
    add hooks, signing or templates that change the result.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    stamp = when.strftime("%Y-%m-%d %H:%M:%S +0000")
    name, email = author
    env.update(
        GIT_AUTHOR_NAME=name,
        GIT_AUTHOR_EMAIL=email,
        GIT_AUTHOR_DATE=stamp,
        GIT_COMMITTER_NAME=name,
        GIT_COMMITTER_EMAIL=email,
        GIT_COMMITTER_DATE=stamp,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
    )
    return env


def _git(out: Path, env: dict[str, str], *args: str, stdin: bytes | None = None) -> None:
    """Run one git command in ``out``; none of ``args`` comes from the user."""
    name, email = env["GIT_AUTHOR_NAME"], env["GIT_AUTHOR_EMAIL"]
    subprocess.run(
        [
            "git",
            "-c",
            f"user.name={name}",
            "-c",
            f"user.email={email}",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.autocrlf=false",
            "-c",
            "gc.auto=0",
            "-c",
            "maintenance.auto=false",
            "-c",
            f"core.hooksPath={os.devnull}",
            *args,
        ],
        cwd=out,
        env=env,
        check=True,
        input=stdin,
        stdout=subprocess.DEVNULL,
    )


def _commit_message(notes: list[str]) -> str:
    if len(notes) == 1:
        return notes[0]
    more = len(notes) - 1
    return f"{notes[0]} and {more} more change{'s' if more > 1 else ''}\n\n" + "\n".join(
        f"- {note}" for note in notes
    )


def _import_history(out: Path, history: History, files: dict[str, str]) -> None:
    """Write the whole history with one ``git fast-import``, then sync the index.

    Why fast-import: committing 20,000 freshly written files forty times with
    ``git add -A`` re-hashes the racily-clean files on every call (about a minute for
    10,000 models); a fast-import stream writes one pack in a few seconds. The working
    tree already holds the final files, which equal the last commit, so ``git reset``
    only has to fill the index.
    """
    chunks: list[bytes] = []
    for k, day in enumerate(history.days):
        when = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC) + timedelta(minutes=(k * 47) % 480)
        name, email = AUTHORS[k % len(AUTHORS)]
        stamp = f"{name} <{email}> {int(when.timestamp())} +0000"
        if k == 0:
            message = "Import the model registry"
            changes = {rel: history.initial.get(rel, text) for rel, text in files.items()}
        else:
            message = _commit_message(history.messages[k])
            changes = history.edits[k]
        body = f"{message}\n".encode()
        chunks.append(
            f"commit refs/heads/main\nmark :{k + 1}\nauthor {stamp}\n"
            f"committer {stamp}\ndata {len(body)}\n".encode()
        )
        chunks.append(body)
        chunks.append(b"\n" if k == 0 else f"\nfrom :{k}\n".encode())
        for rel, text in changes.items():
            data = text.encode("utf-8")
            chunks.append(f"M 100644 inline {rel}\ndata {len(data)}\n".encode())
            chunks.append(data)
            chunks.append(b"\n")
    chunks.append(b"done\n")
    last = history.days[-1]
    env = _git_env(datetime(last.year, last.month, last.day, 18, 0, tzinfo=UTC), AUTHORS[0])
    _git(out, env, "init", "-q", "--initial-branch=main")
    _git(out, env, "fast-import", "--quiet", "--done", stdin=b"".join(chunks))
    _git(out, env, "reset", "-q")


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def _today(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, generate, and print one summary line (exit 2 on bad input)."""
    parser = argparse.ArgumentParser(
        prog="generate.py", description="Write a realistic, deterministic model registry."
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="empty or missing folder")
    parser.add_argument("--models", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("--git", action="store_true", help="also build a git history")
    parser.add_argument("--today", type=_today, default=DEFAULT_TODAY, metavar="YYYY-MM-DD")
    parser.add_argument(
        "--weeks",
        type=int,
        metavar="W",
        help="with --git: one commit a week over W weeks (default: 40 over a year)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        models, owners = _generate(args.out, args.models, args.seed, args.git, args.today, args.weeks)
    except (FileExistsError, ValueError) as exc:
        print(f"generate.py: error: {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"generate.py: error: git failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {models} models, {owners} owners in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
