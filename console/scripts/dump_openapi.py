"""Print the gateway's OpenAPI document (built from wie_gateway.app, no service running): the source of
the console's generated API types (`make console-types`)."""

from __future__ import annotations

import json
import sys

from wie_gateway.app import create_app


def main() -> None:
    document = create_app().openapi()
    json.dump(document, sys.stdout, indent=2, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
