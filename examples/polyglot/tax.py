"""The gross amount and the ISO week of each order line.

gross: the net amount (Integer cents) plus the VAT of the line's country, rounded to the cent half to even with
decimal, so 150 cents at 19 % is 178 (178.5 goes to the even cent), not 179.
week: the ISO 8601 week of the line's date, as "2026-W01": 2025-12-29 is a Monday of week 1 of 2026.
"""
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

__actor_metadata__ = {
    "name": "tax",
    "description": "The gross amount (net plus the country's VAT, in cents) and the ISO week of each order line.",
    "inports": [{"name": "in", "type": "object", "description": "An order line with net, country and date."}],
    "outports": [
        {"name": "gross", "type": "integer", "description": "The line's amount with VAT, in cents."},
        {"name": "week", "type": "string", "description": "The ISO week of the line's date, e.g. 2026-W01."},
    ],
}

VAT_PERCENT = {"DE": 19, "FR": 20, "NL": 21}


def process(inputs, context):
    line = inputs["in"]
    rate = VAT_PERCENT[line["country"]]
    gross = (Decimal(line["net"]) * (100 + rate) / 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    year, week, _ = date.fromisoformat(line["date"]).isocalendar()
    return {"gross": int(gross), "week": f"{year}-W{week:02d}"}
