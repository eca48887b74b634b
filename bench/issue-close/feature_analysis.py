#!/usr/bin/python3
"""Analysis behind docs/issue-close.md: point-in-time repository features (re-implemented from the raw crawl, events
strictly before created_at) and recency weighting, XGBoost with fixed settings, eight quarterly rolling origins
2022-Q1 .. 2023-Q4 (train on issues opened before T - 7 days, test on the next quarter). Run from the repository root:
/usr/bin/python3 bench/issue-close/feature_analysis.py (needs python3-xgboost python3-sklearn)."""
import gzip, json, sys, re, math, datetime as dt
import numpy as np
sys.path.insert(0, 'bench/issue-close')
rows = [json.loads(l) for l in gzip.open('samples/github/huggingface-datasets-issues-2020-2023.jsonl.gz', 'rt')]
P = lambda s: dt.datetime.fromisoformat(s.replace('Z', '+00:00')).timestamp() if s else None
D = 86400.0
ev = []
for r in rows:
    pr = r.get('pull_request')
    ev.append(dict(num=r['number'], pr=bool(pr), author=(r.get('user') or {}).get('login',''), created=P(r['created_at']), closed=P(r.get('closed_at')),
                   merged=P(pr.get('merged_at')) if pr else None, closer=(r.get('closed_by') or {}).get('login') if r.get('closed_by') else None))
issues = [r for r in rows if not r.get('pull_request')]
asof = max(max(e['created'], e['closed'] or 0) for e in ev)
print(len(rows), len(issues), dt.datetime.utcfromtimestamp(asof))
C = np.array([e['created'] for e in ev]); CL = np.array([e['closed'] if e['closed'] else np.inf for e in ev])
M = np.array([e['merged'] if e['merged'] else np.inf for e in ev]); ISPR = np.array([e['pr'] for e in ev])
AU = np.array([e['author'] for e in ev]); CLOSER = np.array([e['closer'] or '' for e in ev])
FAST = (CL - C) <= 7 * D
def ctx(author, T):
    before = C < T
    iss = before & ~ISPR; prs = before & ISPR
    mine = AU == author
    ai = iss & mine
    known = ai & ((CL < T) | (C <= T - 7 * D))
    fast = known & FAST & (CL < T)
    a_closed = ai & (CL < T)
    ct = (CL - C)[a_closed] / D
    f = {}
    f['a_issues'] = ai.sum(); f['a_prs'] = (prs & mine).sum(); f['a_merged'] = (prs & mine & (M < T)).sum()
    f['a_known'] = known.sum(); f['a_fast'] = fast.sum(); f['a_fast_rate'] = (fast.sum() + 0.4 * 2) / (known.sum() + 2)
    f['a_mean_log_close'] = np.log1p(ct).mean() if len(ct) else np.nan
    f['a_self_closed'] = (a_closed & (CLOSER == author)).sum()
    last = C[(before) & mine]
    f['a_days_since_last'] = (T - last.max()) / D if len(last) else np.nan
    f['a_open_now'] = (ai & (CL >= T)).sum()
    f['backlog'] = (iss & (CL >= T)).sum(); f['pr_backlog'] = (prs & (CL >= T)).sum()
    for w in (7, 30):
        win = (C >= T - w * D) & before
        cwin = (CL >= T - w * D) & (CL < T)
        f[f'opened_{w}'] = (win & ~ISPR).sum(); f[f'closed_{w}'] = (cwin & ~ISPR).sum()
        f[f'maint_closed_{w}'] = (cwin & ~ISPR & (CLOSER != AU) & (CLOSER != '')).sum()
        f[f'merged_{w}'] = ((M >= T - w * D) & (M < T)).sum()
        f[f'closers_{w}'] = len(set(CLOSER[cwin & (CLOSER != AU) & (CLOSER != '')]))
    rk = ~ISPR & (C <= T - 7 * D) & (C > T - 37 * D)
    f['recent_fast_rate'] = FAST[rk].mean() if rk.sum() else np.nan
    rk = ~ISPR & (C <= T - 7 * D) & (C > T - 97 * D)
    f['recent_fast_rate_90'] = FAST[rk].mean() if rk.sum() else np.nan
    cl30 = ~ISPR & (CL >= T - 30 * D) & (CL < T)
    f['median_close_days_30'] = np.median((CL - C)[cl30] / D) if cl30.sum() else np.nan
    return f
ex = []
for r in issues:
    T = P(r['created_at']); cl = P(r.get('closed_at'))
    y = cl is not None and cl - T <= 7 * D
    if not y and asof - T < 7 * D: continue
    ex.append(dict(r=r, T=T, y=int(y), ctx=ctx((r.get('user') or {}).get('login', ''), T)))
ex.sort(key=lambda e: (e['T'], e['r']['number']))

print(len(ex), sum(e['y'] for e in ex))
import sys, datetime as dt, numpy as np
sys.path.insert(0, 'bench/issue-close')
import xgboost_optuna as xo
from sklearn.metrics import roc_auc_score
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from scipy import sparse
import xgboost as xgb

D = 86400.0
def row(e):
    r = e['r']; return dict(title=r['title'] or '', body=r['body'] or '', created_at=r['created_at'], author_association=r.get('author_association','NONE'))
base = np.array([xo.features(row(e)) for e in ex])
keys = list(ex[0]['ctx'].keys())
C = {k: np.array([float(e['ctx'][k]) for e in ex]) for k in keys}
# derived, stationary
C['backlog_per_close30'] = C['backlog'] / (C['closed_30'] + 1)
C['close_open_7'] = (C['closed_7'] + 1) / (C['opened_7'] + 1)
C['close_open_30'] = (C['closed_30'] + 1) / (C['opened_30'] + 1)
C['a_log_days_since'] = np.log1p(C['a_days_since_last'])
y = np.array([e['y'] for e in ex]); T = np.array([e['T'] for e in ex])
ts = lambda s: dt.datetime.fromisoformat(s + '+00:00').timestamp()
origins = [ts(f'{yr}-{m:02d}-01') for yr in (2022, 2023) for m in (1, 4, 7, 10)]
splits = []
txt = np.array([(e['r']['title'] or '') + '\n' + (e['r']['body'] or '')[:4000] for e in ex])
for i, o in enumerate(origins):
    end = origins[i + 1] if i + 1 < len(origins) else ts('2024-01-01')
    tr = T < o - 7 * D; te = (T >= o) & (T < end)
    v = TfidfVectorizer(max_features=3000, sublinear_tf=True, min_df=2)
    splits.append((tr, te, v.fit_transform(txt[tr]), v.transform(txt[te])))
p = dict(n_estimators=200, max_depth=3, learning_rate=0.03, min_child_weight=5, colsample_bytree=0.7, reg_lambda=1)
def run(cols, text=False, label='', lr=False, half=None, params=p):
    X = np.hstack([base] + [C[k][:, None] for k in cols]) if cols is not None else base
    aucs = []
    for (tr, te, ttr, tte), o in zip(splits, origins):
        w = 0.5 ** ((o - T[tr]) / (half * D)) if half else None
        if lr:
            m = LogisticRegression(C=1.0, max_iter=2000); Xtr, Xte = ttr, tte
        else:
            m = xgb.XGBClassifier(**params, tree_method='hist', n_jobs=1, random_state=42)
            Xtr, Xte = (sparse.hstack([sparse.csr_matrix(X[tr]), ttr]).tocsr(), sparse.hstack([sparse.csr_matrix(X[te]), tte]).tocsr()) if text else (X[tr], X[te])
        m.fit(Xtr, y[tr], sample_weight=w)
        aucs.append(roc_auc_score(y[te], m.predict_proba(Xte)[:, 1]))
    print(f'{label:40s} mean {np.mean(aucs):.4f} sd {np.std(aucs):.4f} ', ' '.join(f'{a:.3f}' for a in aucs), flush=True)
    return np.array(aucs)
A = ['a_issues','a_prs','a_merged','a_known','a_fast','a_fast_rate','a_mean_log_close','a_self_closed','a_log_days_since','a_open_now']
R = ['recent_fast_rate','recent_fast_rate_90','median_close_days_30','backlog_per_close30','close_open_7','close_open_30']
run(None, label='seed'); run([], lr=True, label='LR tfidf')
run(A, label='seed+author'); run(R, label='seed+repo-rates'); run(A + R, label='seed+author+rates')
run(['a_fast_rate','a_issues','a_prs'], label='seed+a3')
for k in A + R: run([k], label='seed+' + k)
run(A + R, half=365, label='seed+A+R half365'); run(A + R, half=730, label='seed+A+R half730')
run(A + R, text=True, label='seed+A+R+tfidf')
