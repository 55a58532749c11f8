/**
 * Word lists for the strength estimate (password-strength.ts), most common first: a
 * word's rank stands for how many guesses an attacker needs to reach it. Compiled from
 * the published leaks (RockYou, the 2011 CSDN and Tianya leaks, yearly top-password
 * lists); all lower case, as matching folds case.
 */

const words = (text: string): readonly string[] => Object.freeze(text.trim().split(/\s+/));

/** Whole passwords people use, world-wide and Chinese. */
export const COMMON_PASSWORDS = words(`
123456 123456789 12345678 password 111111 12345 1234567890 qwerty 000000 1234567
123123 a123456 5201314 666666 888888 11111111 88888888 123321 woaini1314 iloveyou
abc123 654321 123456a qq123456 abc123456 1qaz2wsx 147258369 112233 123456789a 1314520
woaini password1 1234 dragon 7758521 qwerty123 1q2w3e4r 000000a aa123456 a123456789
11223344 123qwe qwe123 zxcvbnm 123456aa 521521 520520 sunshine princess letmein
monkey 159753 987654321 qwertyuiop asdfghjkl 121212 7777777 1q2w3e 1qazxsw2 qazwsx
147258 123654 159357 110110 520131 1314521 7758258 584520 zhang123 wang123
li123456 zhangwei wangwei 12344321 superman admin welcome football baseball master
shadow michael trustno1 starwars whatever passw0rd p@ssw0rd p@ssword hello freedom
login access flower loveme iloveyou1 a12345 a1234567 a11111 abcd1234 abc12345
password123 admin123 admin888 admin666 root toor test test123 guest changeme default
123000 100200 110120 119119 120120 147147 258258 369369 123789 789456 456789 456123
321321 112112 5555555 555555 999999 222222 333333 444444 777777 1111111 66666666
8888888 16888888 168168 518518 666888 101010 131313 1212 696969 12341234 4321 8888
qweasd qweasdzxc 123qweasd asdfgh asd123 asd123456 zxc123 zxc123456 zxcvbn asdf1234
qwe123456 1234qwer 12qwaszx q1w2e3r4 1a2b3c4d a1b2c3d4 1qaz2wsx3edc 123456qq
q123456 w123456 z123456 123456abc 123456789q aaaaaa 111222 abcdef abcdefg abc iloveu
woaini520 aini1314 1314woaini woaiwojia woaimama woaibaba nihao nihao123 baobei
baobei520 xiaobao laopo laogong qingfeng tianya dearbook xiaoming zhangsan lisi wangwu
wangyi taobao baidu tencent huawei xiaomi china zhongguo zhongguo123 beijing shanghai
shenzhen guangzhou kuaiji kuaiji123 caiwu caiwu123 shuiwu etax123 88888888a 888888a
passwd pass123 lovely 123456789abc jennifer jordan hunter buster soccer harley ranger
batman thomas tigger robert daniel charlie andrew hockey killer george summer ginger
jessica pepper cheese computer internet mustang maggie secret
`);

/**
 * Pieces passwords are built from: pinyin surnames and words, English words. Ranked
 * after the whole passwords above.
 */
export const COMMON_WORDS = words(`
zhang wang liu chen yang huang zhao zhou sun zhu guo gao lin luo zheng liang xie song
tang han feng deng cao peng zeng xiao tian dong pan yuan cai jiang cheng wei shen yao
jin fang wen ding ren qian tan jia xue qin shi wan gong bai hou meng long qiao fan
1314 520 521 woaini aini wode mima zhanghao denglu yonghu guanli gongsi shuiju fapiao yinhang
shebao gongjijin xiaobai xiaohong xiaoli xiaoyu xiaowei meimei gege jiejie didi mama
baba haha hehe xixi lala tiantian kuaile xingfu pingan fuqi jiayou aiqing qinqin
love hello admin pass word welcome secret money dream angel lucky happy smile sunny
star moon apple orange banana honey sweet baby kitty tiger lion bear eagle wolf
fish blue black white green pink gold silver king queen prince boss
office company account finance bank etax tax user system server manager service
spring summer autumn winter january july december sunday monday
`);
