"""Stock wording: the words a report uses to admit or to promise without naming anything.

    ADMISSION.sub("", "但与上级要求相比还存在一定差距")   → ""
    INTENT.sub("", "继续加强执法人员培训")                → "执法人员培训"

What is left once they are gone is what a sentence names: substance.py asks whether anything
is, followup.py matches last year's plans on it. Both run on the matching key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Trie = dict[str, "_Trie"]


def trie_pattern(words: Iterable[str], *, between: str = "") -> str:
    """An alternation of `words`, the longest first, with shared beginnings factored out.

    同部署同推进 and 同部署同落实 become 同部署同(?:推进|落实): the regex engine tries alternatives
    one by one at each position, and a trie lets it drop all words of a first character at
    once. `between` is what may stand between two letters of a word.
    """
    root: _Trie = {}
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: _Trie, *, first: bool) -> str:
        branches = [
            re.escape(char) + pattern(child, first=False)
            for char, child in sorted(node.items())
            if char
        ]
        if not branches:
            return ""
        ends_here = "" in node
        body = branches[0] if len(branches) == 1 and not ends_here else f"(?:{'|'.join(branches)})"
        if not first:
            body = between + body
        # Greedy: the longer word wins over the shorter one it begins with.
        return f"(?:{body})?" if ends_here else body

    return pattern(root, first=True)


def _any_of(words: str) -> re.Pattern[str]:
    return re.compile(trie_pattern(words.split()))


# Words that admit a shortcoming without naming it: 还存在一些不足, 与上级要求相比还有差距.
ADMISSION = _any_of(
    """
    总之 综上 总的来看 总体来看 同时 此外 虽然 但是 但 然而 不过 因此 如 例如
    我局 我镇 我乡 我委 我办 我中心 我区 我县 本局 本单位 我们 全局 全镇
    法治政府建设 法治建设 法治政府 依法行政 工作 各项 方面 过程 环节
    取得了 取得 一定的 一定 一些 某些 部分 个别 诸多 不少 较多 许多 些许
    还有 还 仍然 仍 依然 也 尚 都 均 相对 比较 较 存在着 存在 有 是 的 了 与 和 及 在 中
    成效 成绩 进展 不足之处 不足 问题 差距 短板 薄弱环节 薄弱 困难 矛盾
    上级的要求 上级要求 上级 新形势 新任务 新要求 要求 人民群众 群众 期待 期盼 期望
    相比 较大 不小 有待 需要 亟需 亟待 需 进一步 加强 提高 提升 改进 完善 改善
    主要 表现在 体现在 表现为 如下 以下 几个 空间 进步 之处
    """
)
# Words of intent that name no task: 继续, 进一步加强, 推动法治政府建设再上新台阶.
INTENT = _any_of(
    """
    下一步 下步 下阶段 今后 明年 来年 新的一年 新一年 年度 年底前 年内 上半年 下半年
    计划 拟 力争 争取 打算 预计 重点 抓好 做好 以下 如下 充实 配齐 配强
    我局 我镇 我乡 我委 我办 我中心 我区 我县 本局 本单位 我们 全局 全镇
    将 要 继续 持续 进一步 不断 切实 认真 扎实 积极 着力 大力 全力 努力 始终
    坚持 紧紧围绕 围绕 聚焦 按照 结合 加大 力度 加强 强化 深化 深入 提高 提升
    推动 推进 促进 全面 完善 健全 落实 贯彻 学习 宣传 精神 决策部署 部署
    习近平新时代中国特色社会主义思想 习近平法治思想 党的二十大 二十大
    法治政府建设 法治建设 法治政府 依法行政 法治 工作 各项 任务 目标
    水平 能力 意识 素养 素质 作用 质量 效率 效能 实效 成效 实际 实处 落到
    再上新台阶 新台阶 新局面 新成效 新突破 开创 营造 良好 氛围 环境
    提供 坚强 有力 保障 服务 高质量发展 经济社会 发展 确保 更加 更大
    为 的 和 与 及 以 把 在 中 上 好 等 各 全体 干部职工 干部
    """
)
