Console.WriteLine(new Elman.Model.RnnConfig(0, 3, 4, 1, 2).ToJson());
return 0;
