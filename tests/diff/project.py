"""A small real project on disk (root file + two environment overlays), for diff tests."""

from pathlib import Path

ROOT = """\
providers:
  openai:
    endpoint: https://api.openai.com/v1
    api_key_env: OPENAI_API_KEY
    models:
      small: gpt-4.1-mini
      large: gpt-4.1
    settings:
      temperature: 0.6
  anthropic:
    api: anthropic
    endpoint: https://api.anthropic.com
    api_key_env: ANTHROPIC_API_KEY
    models:
      large: claude-sonnet-4-5
profiles:
  precise:
    temperature: 0.2
failover:
  chains:
    openai/large: [anthropic/large]
environments:
  staging: [envs/staging.yaml]
  production: [envs/production.yaml]
"""

STAGING = """\
providers:
  openai:
    settings:
      temperature: 0.7
"""

PRODUCTION = """\
providers:
  openai:
    models:
      large:
        id: gpt-4o
        max_output_tokens: 16000
    settings:
      stop: ["END"]
profiles:
  precise:
    temperature: 0.4
"""


def write_project(root: Path, *, root_text: str = ROOT, production: str = PRODUCTION) -> Path:
    """Write the project under ``root`` and return ``root``."""
    (root / "envs").mkdir(parents=True, exist_ok=True)
    (root / "modelcfg.yaml").write_text(root_text)
    (root / "envs" / "staging.yaml").write_text(STAGING)
    (root / "envs" / "production.yaml").write_text(production)
    return root
