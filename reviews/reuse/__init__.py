"""Reused text and last year's plans, on stored reports: the web side of reports/parsing/reuse.

    prepared = services.prepare(result, agency_names=agency.all_names())  # before the upload's
    services.store_fingerprint(report=report, prepared=prepared)          # transaction, then in it
    services.compare_report(report=report)     # sources, shares and passages, last year's plans
    services.after_hand_in(report=report)      # again at submission: "earlier" is by hand-in

A report is compared with (a) its agency's reports of earlier periods, whatever the index says,
and (b) the reports of the same period of the other agencies of its region that were handed in
before it, found through the band-key index (BandKey rows, one query). The region is the county
whose legal office reviews it: every reviewer of the report covers it, so each source shown to a
reviewer lies within their regions, and the share is one number, which the dashboard sorts and
filters on in the database. queries.py reads it all back for the pages, as each viewer may see it.
"""
