enum Color <Red Green Blue>;
enum Weekday (:Mon(1), :Tue(2), :Wed(3));
subset Positive of Int where * > 0;
subset Name of Str where /^ <:Lu> <:Ll>+ $/;

constant PI-ISH = 355/113;
my Positive $n = 5;
my Name $who = 'Alice';
say Color::Green.value, Weekday(2);
say PI-ISH.^name;
for Color.enums.kv -> $k, $v { say "$k => $v" }
my %count is default(0);
%count{$_}++ for <a b a c a>;
say %count.sort(-*.value).head;
say $n.WHAT, $who.chars, (1, 2, 3).elems;
say 1.5.Rat.nude, 2.FatRat, 3i.abs, Inf, NaN, True, False, Nil;
