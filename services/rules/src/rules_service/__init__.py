"""Rules service: categories, rules, rule history and rule templates."""
