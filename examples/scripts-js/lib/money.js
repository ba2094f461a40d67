// Money in cents, so that sums do not drift: imported by price.js as an ES module.
export function toCents(amount) {
  return Math.round(amount * 100);
}

export function withTax(cents, percent) {
  return Math.round(cents * (100 + percent) / 100);
}
