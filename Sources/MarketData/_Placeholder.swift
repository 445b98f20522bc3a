/// Placeholder.
enum _MarketDataPlaceholder {}
