"""Печать PDF уроков из собранного сайта в headless Chromium."""
