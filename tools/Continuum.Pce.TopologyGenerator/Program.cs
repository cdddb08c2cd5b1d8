Console.Error.WriteLine("usage: TopologyGenerator --nodes N --degree D --seed S --out FILE");
return 2;
