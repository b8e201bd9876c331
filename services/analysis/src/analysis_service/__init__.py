"""Analysis service: reads inventory files and evaluates a warehouse's rules against them."""
