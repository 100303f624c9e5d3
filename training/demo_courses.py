# ruff: noqa: E501  (course text: long lines of prose read better unbroken)
"""The two self-study courses the demo ships (and a county may copy): mandatory reporting and
measuring a child, each in Chinese, English and Japanese. Facts from DOMAIN.md §1.6, W6 and §7
(高检发〔2020〕9号, 国发〔2016〕13号, the Minor Protection Law art. 11; the WHO growth standards)."""

REPORTING = {
    "zh-hans": {
        "title": "强制报告：发现孩子受到伤害怎么办",
        "summary": "儿童主任是强制报告责任人。学完本课，你会知道什么情况必须报告、向谁报告、多快报告，以及报告后怎么跟进。",
        "pages": [
            (
                "谁必须报告",
                "村（居）民委员会和儿童主任，与学校、幼儿园、医院、社工机构、救助机构、福利机构一样，都是强制报告责任人。\n"
                "《未成年人保护法》第十一条：发现未成年人受到侵害、疑似受到侵害或者面临其他危险情形的，应当立即向公安、民政、教育等有关部门报告。\n"
                "不报告造成严重后果的，要依法处分。报告是保护孩子，不是“多管闲事”。",
            ),
            (
                "什么情况必须马上报警",
                "以下情况要立即向公安机关报告：\n"
                "1. 生殖器官或隐私部位有不正常的伤；\n"
                "2. 不满14岁的女孩遭受或疑似遭受性侵害、怀孕或流产；\n"
                "3. 14岁以上女孩因疑似性侵害怀孕或流产；\n"
                "4. 身上多处伤、严重营养不良、意识不清，怀疑有家暴、欺凌、虐待、殴打；\n"
                "5. 因自杀、自残、中毒、被殴打等不正常原因致残或死亡；\n"
                "6. 被遗弃或长期没有人照料；\n"
                "7. 来历不明、失踪或被拐卖；\n"
                "8. 被组织乞讨；\n"
                "9. 其他严重侵害或马上就有危险的情况。\n"
                "留守儿童脱离监护单独生活、失踪、监护人不管或管不了、疑似家暴或意外伤害，也要第一时间报警。",
            ),
            (
                "报告以后做什么",
                "先保证孩子安全，不要等上级批准再报告。\n"
                "在守护里马上填写强制报告：报告给谁（公安、民政或教育）、什么时间、怎么报的、回执编号。\n"
                "接到报告的部门必须处理，并告诉你结果。没有回音的，守护会提醒你和乡镇督导员去催。\n"
                "报告人的身份要保密：不要把是谁报告的告诉家里人或村里其他人。",
            ),
        ],
        "questions": [
            (
                "儿童主任发现孩子可能被虐待，应该怎么做？",
                ["先等乡镇批准再报告", "立即向公安等部门报告", "先问问孩子家里人的意见", "过几天再看看"],
                1,
                "发现侵害或疑似侵害要立即报告，不需要等批准。",
            ),
            (
                "下面哪种情况必须马上报警？",
                ["孩子考试不及格", "孩子被遗弃或长期没人照料", "孩子想买新衣服", "孩子和同学吵架"],
                1,
                "被遗弃或长期无人照料是九种必须报警的情形之一。",
            ),
            (
                "一个留守儿童的父母都在外地，孩子一个人住、没人管，应该？",
                ["不用管，等父母过年回来", "第一时间报警，并联系父母", "让孩子自己照顾自己", "只在村里说一下"],
                1,
                "脱离监护单独生活要第一时间报告公安。",
            ),
            (
                "报告之后，在守护里要记录什么？",
                ["只记孩子的名字", "报告给谁、时间、方式和回执编号", "不用记录", "只记自己的电话"],
                1,
                "这些信息用于跟进反馈。",
            ),
            (
                "报告人的身份应该？",
                ["告诉孩子家里人", "在村里公开", "保密", "写在村务公开栏"],
                2,
                "报告人的身份受到保护，要保密。",
            ),
            (
                "报告后一直没有部门回复，应该？",
                ["算了", "在守护里记录并催办，乡镇督导员会一起跟进", "自己去处理", "删除报告"],
                1,
                "接收部门有义务告知结果，守护会提醒催办。",
            ),
        ],
    },
    "en": {
        "title": "Mandatory reporting: what to do when a child is harmed",
        "summary": "A Child Welfare Director is a mandated reporter. After this course you know what must be reported, to whom, how fast, and how to follow it up.",
        "pages": [
            (
                "Who must report",
                "Village and residents' committees and their Child Welfare Directors are mandated reporters, like schools, kindergartens, hospitals, social-work agencies, relief agencies and welfare institutions.\n"
                "Minor Protection Law, article 11: whoever finds a minor harmed, suspected to be harmed or in other danger must report immediately to the police, civil affairs, education or another competent department.\n"
                "Failing to report when it leads to serious harm is punished. Reporting protects the child; it is not meddling.",
            ),
            (
                "When to call the police at once",
                "Report to the police immediately when a child has:\n"
                "1. an unusual injury to the genitals or private parts;\n"
                "2. (for a girl under 14) suffered or may have suffered sexual assault, or is pregnant or has had an abortion;\n"
                "3. (for a girl of 14 or over) become pregnant or had an abortion after suspected sexual assault;\n"
                "4. several injuries, severe malnutrition or impaired consciousness, with suspected violence, bullying, abuse or beating;\n"
                "5. been disabled or died from suicide, self-harm, poisoning, beating or another abnormal cause;\n"
                "6. been abandoned or left without care for a long time;\n"
                "7. an unknown origin, gone missing or been trafficked;\n"
                "8. been made to beg by a group;\n"
                "9. suffered other serious harm, or is in imminent danger.\n"
                "A left-behind child living alone without a guardian, missing, with a guardian who cannot or will not care, or with suspected domestic violence or injury is also reported at the first moment.",
            ),
            (
                "After the report",
                "Make the child safe first. Do not wait for anyone's approval to report.\n"
                "Record the report in Shouhu at once: to whom (police, civil affairs or education), when, how, and the receipt number.\n"
                "The department that receives it must act and tell you the outcome. If nobody answers, Shouhu reminds you and the township supervisor to follow up.\n"
                "Keep the reporter's identity confidential: never tell the family or others in the village who reported.",
            ),
        ],
        "questions": [
            (
                "A Child Welfare Director finds that a child may be abused. What should they do?",
                [
                    "Wait for the township's approval first",
                    "Report at once to the police or another competent department",
                    "Ask the family first",
                    "Wait a few days",
                ],
                1,
                "Harm or suspected harm is reported immediately, without waiting for approval.",
            ),
            (
                "Which of these must be reported to the police at once?",
                [
                    "A child failed an exam",
                    "A child is abandoned or left without care for a long time",
                    "A child wants new clothes",
                    "A child argued with a classmate",
                ],
                1,
                "Abandonment or long lack of care is one of the nine situations.",
            ),
            (
                "A left-behind child lives alone and nobody looks after them. What do you do?",
                [
                    "Nothing until the parents come home",
                    "Report to the police at the first moment and contact the parents",
                    "Let the child manage",
                    "Mention it in the village",
                ],
                1,
                "Living alone without a guardian is reported to the police at the first moment.",
            ),
            (
                "What do you record in Shouhu after reporting?",
                [
                    "Only the child's name",
                    "To whom, when, how, and the receipt number",
                    "Nothing",
                    "Only your phone number",
                ],
                1,
                "These details are what the follow-up needs.",
            ),
            (
                "The reporter's identity should be…",
                ["told to the family", "made public in the village", "kept confidential", "posted on the notice board"],
                2,
                "Reporters are protected: keep it confidential.",
            ),
            (
                "Nobody has answered your report. What now?",
                [
                    "Forget it",
                    "Record it and chase it in Shouhu; the township supervisor follows up with you",
                    "Handle it yourself",
                    "Delete the report",
                ],
                1,
                "The receiving department must tell you the outcome; Shouhu reminds you to chase it.",
            ),
        ],
    },
    "ja": {
        "title": "通告義務：子どもが被害を受けていたら",
        "summary": "児童主任は通告義務者です。この講座で、何を、誰に、どれだけ早く通告し、その後どうフォローするかを学びます。",
        "pages": [
            (
                "誰が通告しなければならないか",
                "村（居）民委員会と児童主任は、学校・幼稚園・病院・ソーシャルワーク機関・救護機関・福祉施設と同じく通告義務者です。\n"
                "未成年者保護法第11条：未成年者が被害を受けた、または受けた疑いがある、その他の危険があると知ったときは、直ちに公安・民政・教育などの部門に通告しなければなりません。\n"
                "通告せず重大な結果となった場合は処分されます。通告は子どもを守ることで、余計なお世話ではありません。",
            ),
            (
                "すぐに警察へ通告する場合",
                "次の場合は直ちに警察へ通告します：\n"
                "1. 性器や陰部に不自然なけががある；\n"
                "2. 14歳未満の女児が性的被害（疑いを含む）を受けた、妊娠・中絶した；\n"
                "3. 14歳以上の女児が性的被害の疑いにより妊娠・中絶した；\n"
                "4. 多数のけが、重い栄養不良、意識障害があり、暴力・いじめ・虐待・殴打が疑われる；\n"
                "5. 自殺・自傷・中毒・殴打など不自然な原因で障害を負った、または死亡した；\n"
                "6. 遺棄された、または長期間世話をされていない；\n"
                "7. 身元不明、行方不明、人身売買の被害；\n"
                "8. 組織的に物乞いをさせられている；\n"
                "9. その他の重大な被害、または差し迫った危険がある。\n"
                "留守児童が保護者なしで一人暮らし、行方不明、保護者が世話をできない・しない、家庭内暴力やけがの疑いがある場合も、第一に通告します。",
            ),
            (
                "通告のあとに",
                "まず子どもの安全を確保します。上司の承認を待たずに通告します。\n"
                "守護にすぐ記録します：通告先（公安・民政・教育）、日時、方法、受理番号。\n"
                "通告を受けた部門は対応し、結果を知らせる義務があります。返事がなければ、守護があなたと郷鎮の督導員に催促を知らせます。\n"
                "通告者の身元は秘密です。家族や村の人に誰が通告したか話してはいけません。",
            ),
        ],
        "questions": [
            (
                "児童主任が、子どもが虐待されているかもしれないと気づきました。どうしますか？",
                ["郷鎮の承認を待つ", "すぐに警察などへ通告する", "まず家族に相談する", "数日様子を見る"],
                1,
                "被害や被害の疑いは承認を待たずにすぐ通告します。",
            ),
            (
                "すぐに警察へ通告しなければならないのはどれ？",
                [
                    "テストで不合格だった",
                    "遺棄された、または長く世話をされていない",
                    "新しい服がほしい",
                    "友だちとけんかした",
                ],
                1,
                "遺棄や長期の放置は九つの場合の一つです。",
            ),
            (
                "留守児童が一人で暮らし、誰も世話をしていません。どうしますか？",
                ["親が帰るまで待つ", "第一に警察へ通告し、親に連絡する", "子どもに任せる", "村で話すだけ"],
                1,
                "保護者なしの一人暮らしは第一に警察へ通告します。",
            ),
            (
                "通告後、守護に何を記録しますか？",
                ["子どもの名前だけ", "通告先・日時・方法・受理番号", "何も記録しない", "自分の電話番号だけ"],
                1,
                "フォローアップに必要な情報です。",
            ),
            (
                "通告者の身元は？",
                ["家族に伝える", "村で公開する", "秘密にする", "掲示板に書く"],
                2,
                "通告者は保護されます。秘密にします。",
            ),
            (
                "通告に誰も返事をしません。どうしますか？",
                [
                    "あきらめる",
                    "守護に記録して催促し、郷鎮の督導員と一緒にフォローする",
                    "自分で処理する",
                    "通告を削除する",
                ],
                1,
                "受けた部門は結果を知らせる義務があります。",
            ),
        ],
    },
}

GROWTH = {
    "zh-hans": {
        "title": "给孩子量身高体重",
        "summary": "量得准，才能及早发现生长迟缓、消瘦和超重。本课讲怎么量、怎么记，以及守护怎样用世界卫生组织的标准来判断。",
        "pages": [
            (
                "量之前",
                "准备：量床或身高尺、体重秤、软尺（测上臂围用）。秤先调零。\n"
                "孩子脱鞋、脱帽，只穿薄衣服。记下量的日期和孩子的出生日期，年龄要算准。\n"
                "两岁以下（不满731天）的孩子躺着量“身长”；两岁及以上站着量“身高”。",
            ),
            (
                "怎么量",
                "身长：孩子平躺，头顶贴住量床头板，两人配合，双腿伸直，脚底贴住滑板，读到0.1厘米。\n"
                "身高：孩子靠墙站直，脚跟、臀部、肩胛贴住量尺，眼睛平视，读到0.1厘米。\n"
                "体重：孩子站稳不动，读到0.1千克；小婴儿可以大人抱着称，再减去大人的体重。\n"
                "如果两岁以下只能站着量，要在守护里选“站着量的”，系统会自动加0.7厘米；两岁以上躺着量的，会自动减0.7厘米。\n"
                "孩子两脚背有按下去起坑的水肿时，要勾选“水肿”：这时不算体重相关的指标，直接按重度营养不良处理。",
            ),
            (
                "守护怎么判断",
                "守护按世界卫生组织的生长标准（5岁以下）和生长参考（5到19岁）算出Z评分。\n"
                "身高别年龄Z评分低于-2是生长迟缓，低于-3是重度；身高别体重Z评分低于-2是消瘦，低于-3是重度消瘦；高于+2是超重。\n"
                "数值非常离谱（比如身高Z评分超过6）时，守护会提示“请复量”，这次的数不参与统计。\n"
                "发现重度消瘦或水肿，要当天转介到乡镇卫生院。",
            ),
        ],
        "questions": [
            (
                "一岁半的孩子应该怎么量长度？",
                ["站着量身高", "躺着量身长", "不用量", "看着估计"],
                1,
                "两岁以下躺着量身长。",
            ),
            ("体重要读到多少？", ["1千克", "0.5千克", "0.1千克", "随便"], 2, "体重读到0.1千克。"),
            ("身高别年龄Z评分低于-2说明什么？", ["超重", "生长迟缓", "正常", "消瘦"], 1, "HAZ < -2 为生长迟缓。"),
            (
                "孩子双脚有按下去起坑的水肿，应该？",
                ["不记录", "勾选“水肿”，当天转介卫生院", "多喝水就好", "下个月再看"],
                1,
                "水肿按重度营养不良处理，要当天转介。",
            ),
            (
                "守护提示“请复量”是因为？",
                ["数值非常离谱，可能量错了", "孩子太高了", "网络不好", "系统坏了"],
                0,
                "超出合理范围的数值要复量，不参与统计。",
            ),
            (
                "量之前孩子应该？",
                ["穿着厚外套和鞋", "脱鞋脱帽，只穿薄衣服", "吃饱饭", "跑一跑"],
                1,
                "厚衣服和鞋会让结果不准。",
            ),
        ],
    },
    "en": {
        "title": "Measuring a child's height and weight",
        "summary": "Accurate measurements find stunting, wasting and overweight early. This course shows how to measure and record, and how Shouhu judges growth with the WHO standards.",
        "pages": [
            (
                "Before you measure",
                "Have a length board or height rule, a scale and a soft tape (for the upper-arm circumference). Set the scale to zero.\n"
                "Take off the child's shoes and hat; light clothes only. Record the date and the child's date of birth so that the age is exact.\n"
                "A child under two (less than 731 days) is measured lying down (length); from two on, standing up (height).",
            ),
            (
                "How to measure",
                "Length: the child lies flat, head against the board's headpiece; two people hold the legs straight and move the footpiece to the soles. Read to 0.1 cm.\n"
                "Height: the child stands straight against the rule, heels, buttocks and shoulder blades touching it, looking ahead. Read to 0.1 cm.\n"
                "Weight: the child stands still; read to 0.1 kg. A small baby can be weighed in an adult's arms, minus the adult's weight.\n"
                "If a child under two could only be measured standing, choose 'measured standing' in Shouhu: it adds 0.7 cm; from two on, lying down: it subtracts 0.7 cm.\n"
                "If pressing both feet leaves a pit (oedema), tick 'oedema': weight-based figures are not computed and the child counts as severely malnourished.",
            ),
            (
                "How Shouhu judges",
                "Shouhu computes z-scores with the WHO Child Growth Standards (under five) and the WHO Growth Reference (5 to 19).\n"
                "Height-for-age below -2 is stunting, below -3 severe; weight-for-height below -2 is wasting, below -3 severe wasting; above +2 is overweight.\n"
                "A value far out of range (such as a height z-score above 6) makes Shouhu ask you to measure again; it is left out of the figures.\n"
                "Severe wasting or oedema is referred to the township health centre the same day.",
            ),
        ],
        "questions": [
            (
                "How is a child of 18 months measured?",
                ["Standing (height)", "Lying down (length)", "Not at all", "By eye"],
                1,
                "Under two: lying down.",
            ),
            ("To what precision is weight read?", ["1 kg", "0.5 kg", "0.1 kg", "Any"], 2, "Weight is read to 0.1 kg."),
            (
                "Height-for-age below -2 means…",
                ["overweight", "stunting", "normal", "wasting"],
                1,
                "HAZ < -2 is stunting.",
            ),
            (
                "Pressing the child's feet leaves a pit. What do you do?",
                [
                    "Nothing",
                    "Tick 'oedema' and refer to the health centre today",
                    "Give more water",
                    "Check next month",
                ],
                1,
                "Oedema counts as severe malnutrition: refer the same day.",
            ),
            (
                "Shouhu asks you to measure again because…",
                [
                    "the value is far out of range, probably a mistake",
                    "the child is tall",
                    "the network is slow",
                    "the system broke",
                ],
                0,
                "Implausible values are re-measured and left out.",
            ),
            (
                "Before measuring, the child should…",
                ["wear a coat and shoes", "take off shoes and hat, light clothes only", "eat a big meal", "run around"],
                1,
                "Heavy clothes and shoes make the result wrong.",
            ),
        ],
    },
    "ja": {
        "title": "子どもの身長と体重の測り方",
        "summary": "正確に測れば、発育阻害・やせ・過体重を早く見つけられます。測り方と記録の仕方、守護がWHO基準でどう判定するかを学びます。",
        "pages": [
            (
                "測る前に",
                "身長計（寝かせる台または立位計）、体重計、上腕周囲用のメジャーを用意し、体重計をゼロに合わせます。\n"
                "靴と帽子を脱がせ、薄着にします。測定日と生年月日を記録し、年齢を正確にします。\n"
                "2歳未満（731日未満）は寝かせて「身長（仰臥位）」、2歳以上は立たせて「身長（立位）」を測ります。",
            ),
            (
                "測り方",
                "仰臥位：子どもを仰向けにし、頭を台の頭板につけ、二人で脚をまっすぐにして足板を足裏に当て、0.1cmまで読みます。\n"
                "立位：かかと・お尻・肩甲骨を尺につけてまっすぐ立たせ、前を見させて、0.1cmまで読みます。\n"
                "体重：じっと立たせて0.1kgまで読みます。乳児は大人が抱いて測り、大人の体重を引きます。\n"
                "2歳未満を立って測った場合は守護で「立って測った」を選ぶと0.7cm足され、2歳以上を寝かせて測った場合は0.7cm引かれます。\n"
                "両足を押してへこみが残る（浮腫）ときは「浮腫」にチェック：体重の指標は計算せず、重度栄養不良として扱います。",
            ),
            (
                "守護の判定",
                "守護はWHO子ども成長基準（5歳未満）とWHO成長参照（5〜19歳）でZスコアを計算します。\n"
                "年齢別身長Zスコアが-2未満は発育阻害、-3未満は重度；身長別体重が-2未満はやせ、-3未満は重度のやせ；+2超は過体重です。\n"
                "ありえない値（身長Zスコアが6超など）は「測り直してください」と表示され、統計に入りません。\n"
                "重度のやせや浮腫は、その日のうちに郷鎮の衛生院へつなぎます。",
            ),
        ],
        "questions": [
            (
                "1歳半の子どもの身長はどう測りますか？",
                ["立たせて測る", "寝かせて測る", "測らない", "目で見て推定"],
                1,
                "2歳未満は寝かせて測ります。",
            ),
            ("体重はどこまで読みますか？", ["1kg", "0.5kg", "0.1kg", "どれでもよい"], 2, "体重は0.1kgまで読みます。"),
            (
                "年齢別身長Zスコアが-2未満の意味は？",
                ["過体重", "発育阻害", "正常", "やせ"],
                1,
                "HAZ < -2 は発育阻害です。",
            ),
            (
                "足を押すとへこみが残ります。どうしますか？",
                ["記録しない", "「浮腫」にチェックし、その日に衛生院へつなぐ", "水を多く飲ませる", "来月見る"],
                1,
                "浮腫は重度栄養不良として当日につなぎます。",
            ),
            (
                "守護が「測り直して」と言うのは？",
                ["値がありえない範囲で、測り間違いの可能性", "子どもの背が高い", "通信が遅い", "システムの故障"],
                0,
                "ありえない値は測り直し、統計から外します。",
            ),
            (
                "測る前に子どもは？",
                ["コートと靴を着たまま", "靴と帽子を脱ぎ薄着になる", "たくさん食べる", "走り回る"],
                1,
                "厚着や靴は結果を狂わせます。",
            ),
        ],
    },
}
