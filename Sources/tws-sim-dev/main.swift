import IBKR
