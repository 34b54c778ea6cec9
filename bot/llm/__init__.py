"""LLM mode: grounded answers from an OpenAI-compatible model, checked before they are shown.

The only package that imports openai / langchain_openai. `composer.build_composer` is the entry
point used by `bot.services`; `client.probe` reports reachability for `check-config` and `/status`.
"""
