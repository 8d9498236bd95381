#!/usr/bin/env python3
"""Writes config/sample-ledger.csv: a small district (南岗区), deterministic.

2 streets x 2 communities x 3 grids, 20-40 households per grid, Chinese
headers, UTF-8 without BOM. Names and phone numbers are fictitious.
Run from the repository root; the output only changes when this file does.
"""
import csv
import random
import sys

SEED = 20261122
DISTRICT = "南岗区"
STREETS = [
    ("先锋街道", ["龙台社区", "红旗社区"]),
    ("花园街道", ["文化社区", "颐园社区"]),
]
GRIDS = ["第一网格", "第二网格", "第三网格"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ["秀英", "桂兰", "淑珍", "玉兰", "凤英", "建国", "建华", "国庆", "志强", "卫东", "海燕", "丽华",
         "伟", "静", "敏", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "霞", "平", "刚",
         "文博", "子涵", "雨萱", "浩然", "欣怡", "宇航", "佳怡", "思远", "振华", "德明", "淑芬", "玉梅"]
ELDERLY_GIVEN = ["秀英", "桂兰", "淑珍", "玉兰", "凤英", "建国", "国庆", "德明", "淑芬", "玉梅", "桂芝", "凤兰"]
MOBILE_PREFIXES = ["138", "139", "150", "186", "135", "152", "158", "187", "133", "189", "131", "159"]
BUILDING_STYLES = ["{}号楼", "{}栋", "{}", "{}幢"]
# The grid the sandbox page opens on (its groups are listed district first, then
# by node code: 花园街道/文化社区/第一网格 comes first) holds the rooms that
# README.md, the help template, docs/sandbox.md and the page's chips use as
# examples, so a newcomer's first message names a real household.
EXAMPLE_GRID = ("花园街道", "文化社区", "第一网格")
EXAMPLE_ROOMS = [(1, 1, 102), (3, 2, 502)]
UNIT_STYLES = ["{}单元", "{}", "{}单元"]


def mobile(rng):
    return rng.choice(MOBILE_PREFIXES) + "".join(str(rng.randrange(10)) for _ in range(8))


def landline(rng):
    return "0451-8" + "".join(str(rng.randrange(10)) for _ in range(7))


def main(out_path):
    rng = random.Random(SEED)
    rows = []
    for s_idx, (street, communities) in enumerate(STREETS):
        for c_idx, community in enumerate(communities):
            # Each community's ledger writes buildings and units its own way.
            styles = (BUILDING_STYLES[(2 * s_idx + c_idx) % len(BUILDING_STYLES)],
                      UNIT_STYLES[(2 * s_idx + c_idx) % len(UNIT_STYLES)])
            for g_idx, grid in enumerate(GRIDS):
                count = rng.randint(20, 40)
                # Grid g of a community covers buildings 2g+1 and 2g+2 (two or three units, 6 floors, 2 per floor).
                addresses = []
                for b in (2 * g_idx + 1, 2 * g_idx + 2):
                    for u in range(1, rng.choice([2, 3]) + 1):
                        for floor in range(1, 7):
                            for door in (1, 2):
                                addresses.append((b, u, floor * 100 + door))
                chosen = sorted(rng.sample(addresses, count))
                for b, u, room in chosen:
                    rows.append(household(rng, styles, street, community, grid, b, u, room))
    rows = apply_special_tags(rng, rows)
    rows = add_example_rooms(rows)
    with open(out_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["区", "街道", "社区", "网格", "楼栋", "单元", "门牌", "人数", "联系人", "电话", "标签"])
        for r in rows:
            w.writerow([DISTRICT, r["street"], r["community"], r["grid"], r["building"], r["unit"],
                        r["room"], r["members"], r["contact"], r["phone"], "；".join(r["tags"])])


def household(rng, styles, street, community, grid, b, u, room):
    return {
        "street": street, "community": community, "grid": grid,
        "building": styles[0].format(b),
        "unit": styles[1].format(u),
        "room": str(room) if rng.random() < 0.85 else f"{room}室",
        "members": rng.choices([1, 2, 3, 4, 5], weights=[15, 35, 30, 15, 5])[0],
        "contact": rng.choice(SURNAMES) + rng.choice(GIVEN),
        "phone": mobile(rng) if rng.random() < 0.95 else "",
        "tags": [],
    }


def add_example_rooms(rows):
    """Adds EXAMPLE_ROOMS to EXAMPLE_GRID where missing, after the tags were dealt,
    with their own generator, so every other row stays exactly as it was."""
    rng = random.Random(SEED + 1)
    street, community, grid = EXAMPLE_GRID
    s_idx = [s for s, _ in STREETS].index(street)
    c_idx = dict(STREETS)[street].index(community)
    styles = (BUILDING_STYLES[(2 * s_idx + c_idx) % len(BUILDING_STYLES)],
              UNIT_STYLES[(2 * s_idx + c_idx) % len(UNIT_STYLES)])

    def numbers(r):
        return tuple(int("".join(ch for ch in r[k] if ch.isdigit())) for k in ("building", "unit", "room"))

    in_grid = [i for i, r in enumerate(rows) if (r["street"], r["community"], r["grid"]) == EXAMPLE_GRID]
    ours = [rows[i] for i in in_grid]
    have = {numbers(r) for r in ours}
    for b, u, room in EXAMPLE_ROOMS:
        if (b, u, room) not in have:
            h = household(rng, styles, street, community, grid, b, u, room)
            h["room"] = str(room)
            ours.append(h)
    ours.sort(key=numbers)
    return rows[:in_grid[0]] + ours + rows[in_grid[-1] + 1:]


def apply_special_tags(rng, rows):
    n = len(rows)
    order = list(range(n))
    rng.shuffle(order)
    take = iter(order)

    def pick(k):
        return [next(take) for _ in range(k)]

    # ~5% elderly living alone without chat: phone only, so each has a phone (some a landline).
    for i in pick(max(1, round(n * 0.05))):
        r = rows[i]
        r["members"] = 1
        r["contact"] = rng.choice(SURNAMES) + rng.choice(ELDERLY_GIVEN)
        r["phone"] = landline(rng) if rng.random() < 0.4 else mobile(rng)
        r["tags"] = ["独居老人", "无微信"]
    for i in pick(4):  # living alone but in the group chat
        rows[i]["members"] = 1
        rows[i]["tags"] = ["独居老人"]
    for i in pick(6):
        rows[i]["tags"] = ["困难"]
    for i in pick(3):
        rows[i]["tags"] = ["居家隔离至2026-11-30"]
    rows[next(take)]["tags"] = ["isolation:2026-11-30", "返哈"]
    for i in pick(5):
        rows[i]["tags"] = ["健康监测"]
    rows[next(take)]["tags"] = ["健康监测至2026-11-28"]
    for i in pick(6):
        rows[i]["tags"] = ["返哈"]
    for i in pick(2):
        rows[i]["tags"] = ["重点人群"]
    rows[next(take)]["tags"] = ["孕妇"]
    rows[next(take)]["tags"] = ["透析"]
    rows[next(take)]["tags"] = ["阳性"]
    return rows


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "config/sample-ledger.csv")
