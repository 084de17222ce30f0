"""Layout proposals (issue 15): given a hall outline with its entrances, obstacles and context, place
what the level requires so that the check passes, in two or three alternatives, ranked; or say why
the outline cannot hold a compliant layout, and by how much.

Qt-free: :func:`propose` is what the command line (``hallplan layout``) and the editor call.
"""

from standards.layout.build import ALTERNATIVE_NAMES, ALTERNATIVES, stripped
from standards.layout.needs import Needs, needs_for
from standards.layout.propose import Answer, Proposal, propose

__all__ = ["ALTERNATIVES", "ALTERNATIVE_NAMES", "Answer", "Needs", "Proposal", "needs_for", "propose", "stripped"]
