"""Answers of ratings (好差评): the party's own rating of a case."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer


class MyRating(Answer):
    case_id = fields.String(required=True)
    stars = fields.Integer(required=True)
    comment = fields.String(required=True)
    at = fields.String(required=True)
    followed_up = fields.Boolean(required=True,
                                 metadata={"description": "a bad rating (two stars or fewer) is followed up by the "
                                                          "office's supervisor"})
