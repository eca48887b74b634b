# Reference values for BertScoreTests: bert_score's greedy_cos_idf (Tiiiger/bert_score, MIT, bert_score/utils.py) with
# idf=False, transcribed in plain Python (no torch here): token vectors L2-normalised; sim = hyp @ ref^T over every token,
# [CLS]/[SEP] included; weights 1 for real tokens, 0 for [CLS]/[SEP] (bert_score's idf_dict[cls] = idf_dict[sep] = 0),
# divided by their sum; P = sum(max_j sim * w_hyp), R = sum(max_i sim * w_ref), F = 2PR/(P+R).
# Run: /usr/bin/python3 bertscore_greedy_reference.py
import math

def norm(v):
    n = math.sqrt(sum(x * x for x in v))
    return [x / n for x in v]

def greedy(hyp, ref):
    hyp = [norm(v) for v in hyp]
    ref = [norm(v) for v in ref]
    sim = [[sum(a * b for a, b in zip(h, r)) for r in ref] for h in hyp]
    word_p = [max(row) for row in sim]
    word_r = [max(sim[i][j] for i in range(len(hyp))) for j in range(len(ref))]
    w_h = [0.0] + [1.0] * (len(hyp) - 2) + [0.0]
    w_r = [0.0] + [1.0] * (len(ref) - 2) + [0.0]
    p = sum(a * w for a, w in zip(word_p, w_h)) / sum(w_h)
    r = sum(a * w for a, w in zip(word_r, w_r)) / sum(w_r)
    return p, r, 2 * p * r / (p + r)

# [CLS], tokens..., [SEP]; the second candidate token is closest to the reference's [CLS].
HYP = [[1, 0, 0], [0.2, 1, 0.1], [0.9, 0.1, 0.05], [0, 0, 1]]
REF = [[1, 0.1, 0], [0.1, 0.9, 0.3], [0.3, 0.3, 0.9], [-0.2, 0.5, 0.5], [0, 0.1, 1]]
print("P=%.12f R=%.12f F=%.12f" % greedy(HYP, REF))
