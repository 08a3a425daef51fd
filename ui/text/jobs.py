"""Text of heavy work run in the server's worker pool (ui/jobs.py) and of the app's bound on draws."""

TEXT = {
    "ja": {
        "jobs.queued": "順番待ち：{position}番目です。このサーバーでは同時に{workers}件まで計算します。前の計算が終わると自動で始まります。",
        "jobs.running": "計算中…",
        "jobs.draws_capped": "このシナリオは試行回数 {draws:,} 回を指定していますが、このサーバーでは最大 {max:,} 回で計算します"
                             "（表示は {max:,} 回の結果です）。すべての試行は CLI（python -m sim run）で実行できます。",
    },
    "en": {
        "jobs.queued": "Waiting in queue: position {position}. This server computes up to {workers} at a time; "
                       "this one starts when an earlier one finishes.",
        "jobs.running": "Computing…",
        "jobs.draws_capped": "This scenario asks for {draws:,} draws; this server computes at most {max:,} "
                             "(the results shown use {max:,}). Run all draws with the CLI (python -m sim run).",
    },
}
