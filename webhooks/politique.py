"""How deliveries are retried and when an endpoint is disabled: declared once here.

A delivery is attempted at once, then after each delay of DELAIS (1 min, 5 min,
30 min, 2 h, 6 h, then every 12 h: 11 attempts over about three days); after the last
one it is abandoned. An endpoint whose last ECHECS_AVANT_DESACTIVATION attempts all
failed, the first of them more than DUREE_AVANT_DESACTIVATION ago, is disabled and its
organisation told by e-mail (docs/decisions/0010-webhooks.md).
"""

from datetime import timedelta

DELAIS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
    *(timedelta(hours=12),) * 5,
)
TENTATIVES_MAX = len(DELAIS) + 1

ECHECS_AVANT_DESACTIVATION = 10
DUREE_AVANT_DESACTIVATION = timedelta(days=2)

# Seconds to connect, and to wait for the answer; redirections are not followed.
DELAI_HTTP = 5


def delai_avant_essai(tentatives: int) -> timedelta | None:
    """The wait after the `tentatives`-th failed attempt; None when it was the last."""
    if tentatives >= TENTATIVES_MAX:
        return None
    return DELAIS[tentatives - 1]


def a_desactiver(echecs_consecutifs: int, duree_des_echecs: timedelta) -> bool:
    return (
        echecs_consecutifs >= ECHECS_AVANT_DESACTIVATION
        and duree_des_echecs >= DUREE_AVANT_DESACTIVATION
    )
