"""The pages' one blueprint; each area's module adds its routes to it."""

from flask import Blueprint

bp = Blueprint("pages", __name__)
